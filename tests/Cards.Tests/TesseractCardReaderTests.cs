using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Cards;

namespace PatientAccess.Cards.Tests;

/// <summary>
/// Runs the real Debian tesseract 5 on sample cards. Fails (does not skip) when tesseract is missing: the test
/// script installs the tesseract-ocr package.
/// </summary>
public class TesseractCardReaderTests
{
    private static string Cards => Path.Combine(AppContext.BaseDirectory, "cards");

    private static (string MemberId, string? Group, string Name) Truth(string card)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Cards, card + ".truth.json")));
        var root = doc.RootElement;
        return (root.GetProperty("memberId").GetString()!, root.TryGetProperty("groupNumber", out var g) ? g.GetString() : null, root.GetProperty("memberName").GetString()!);
    }

    private static TesseractCardReader Reader(ILogger<TesseractCardReader>? logger = null, TesseractOptions? options = null) =>
        new(Options.Create(options ?? new TesseractOptions()), logger ?? new FakeLogger<TesseractCardReader>());

    // Seeds 1000-1009: every layout once clean and once as a phone photo (the whole set is measured in docs/benchmarks.md).
    [Theory]
    [InlineData("card-1000-commercial-ppo-clean")]
    [InlineData("card-1001-commercial-hmo-photo")]
    [InlineData("card-1002-medicare-clean")]
    [InlineData("card-1003-medicaid-photo")]
    [InlineData("card-1004-commercial-norx-clean")]
    [InlineData("card-1005-commercial-ppo-photo")]
    [InlineData("card-1006-commercial-hmo-clean")]
    [InlineData("card-1007-medicare-photo")]
    [InlineData("card-1008-medicaid-clean")]
    [InlineData("card-1009-commercial-norx-photo")]
    public async Task ReadAsync_SampleCard_ReadsMemberIdAndGroup(string name)
    {
        var (memberId, group, _) = Truth(name);

        var card = await Reader().ReadAsync(await File.ReadAllBytesAsync(Path.Combine(Cards, name + ".jpg")), "image/jpeg", CancellationToken.None);

        Assert.Equal(MemberIdFormat.Normalize(memberId), MemberIdFormat.Normalize(card.MemberId?.Value ?? ""));
        if (group is not null)
        {
            // The group must be read right, or, where OCR gets it wrong, with a confidence low enough that the
            // reconciler sends it to a person: never a confident wrong value.
            Assert.NotNull(card.GroupNumber);
            var right = MemberIdFormat.Normalize(group) == MemberIdFormat.Normalize(card.GroupNumber.Value);
            Assert.True(right || card.GroupNumber.Confidence < ReconciliationPolicy.Default.AcceptConfidence,
                $"group read wrong with confidence {card.GroupNumber.Confidence}");
        }
        Assert.Equal(CardEngine.Tesseract, card.MemberId!.Engine);
        Assert.InRange(card.MemberId.Confidence, 0.1, 1); // card-1002: a weak OCR read repaired by the MBI format, rightly low
    }

    [Fact]
    public async Task ReadAsync_DemoCardOfSandboxMember_ReconcilesWithTheTypedInsurance()
    {
        // samples/demo.json uploads this card for this registration and expects EligibilityVerified: the card must
        // be read right and settle the coverage the payer sandbox knows (active member 100000001, SBXPPO).
        var demo = Path.Combine(AppContext.BaseDirectory, "demo");
        using var registration = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(demo, "card-upload-sandbox-ppo-active.json")));
        var insurance = registration.RootElement.GetProperty("insurance");
        string? Typed(string name) => insurance.GetProperty(name).GetString();
        var typed = new TypedInsurance(Typed("payerName"), Typed("payerId"), Typed("memberId"), Typed("groupNumber"));

        var card = await Reader().ReadAsync(await File.ReadAllBytesAsync(Path.Combine(demo, "card-3003-commercial-ppo-clean.jpg")), "image/jpeg", CancellationToken.None);
        var result = CardReconciler.Reconcile(card, typed);

        var settled = Assert.IsType<CardReconciliation.Settled>(result);
        Assert.Equal(new SourcedValue("100000001", ValueSource.CardAndTyped), settled.Coverage.MemberId);
        Assert.Equal(new SourcedValue("GRP10001", ValueSource.CardAndTyped), settled.Coverage.GroupNumber);
        Assert.Equal("SBXPPO", settled.Coverage.PayerId?.Value);
        Assert.Equal(ValueSource.CardAndTyped, settled.Coverage.PayerName?.Source);
        Assert.Equal("JANE ACTIVE", card.Member?.Name?.Value);
    }

    [Fact]
    public async Task ReadAsync_BoldGlyphsNearlyTouching_ReadsGroupWithoutTheEchoedCharacter()
    {
        // Regression (issue 4): card-1000's group "7561ZJT" was read "75612JT" / "75612ZJT" at every scale: Tesseract
        // emits an extra, overlapping character for the nearly touching "1Z" of a bold font.
        var (_, group, _) = Truth("card-1000-commercial-ppo-clean");

        var card = await Reader().ReadAsync(await File.ReadAllBytesAsync(Path.Combine(Cards, "card-1000-commercial-ppo-clean.jpg")), "image/jpeg", CancellationToken.None);

        Assert.Equal(group, card.GroupNumber?.Value);
    }

    [Fact]
    public void CombineKeyFields_TwoAgreeingReads_OutweighOneMoreConfidentRead()
    {
        static CardField<string> F(string v, double c) => new(v, c, CardEngine.Tesseract);
        InsuranceCard Read(string group, double c) => new() { GroupNumber = F(group, c), IdNumber = new CardIdNumber { Number = F("W123456789", 0.9) } };

        var agreeing = TesseractCardReader.CombineKeyFields([Read("7561ZJT", 0.33), Read("75612JT", 0.49), Read("7561 ZJT", 0.21)]);
        var outweighed = TesseractCardReader.CombineKeyFields([Read("7561ZJT", 0.2), Read("75612JT", 0.49), Read("7561ZJT", 0.21)]);

        Assert.Equal("7561ZJT", agreeing.GroupNumber!.Value);
        Assert.Equal(0.33, agreeing.GroupNumber.Confidence); // the best of the agreeing reads, not their sum
        Assert.Equal("75612JT", outweighed.GroupNumber!.Value);
        Assert.Equal("W123456789", agreeing.MemberId!.Value);
    }

    [Fact]
    public void MergeKeyFields_TakesOnlyMoreConfidentKeyFields()
    {
        static CardField<string> F(string v, double c) => new(v, c, CardEngine.Tesseract);
        var first = new InsuranceCard { IdNumber = new CardIdNumber { Number = F("A1", 0.9) }, GroupNumber = F("G1", 0.3), Insurer = F("X", 0.9) };
        var second = new InsuranceCard { IdNumber = new CardIdNumber { Number = F("A2", 0.5) }, GroupNumber = F("G2", 0.8), Insurer = F("Y", 1.0) };

        var merged = TesseractCardReader.MergeKeyFields(first, second);

        Assert.Equal("A1", merged.MemberId!.Value);
        Assert.Equal("G2", merged.GroupNumber!.Value);
        Assert.Equal("X", merged.Insurer!.Value);
    }

    [Fact]
    public async Task ReadAsync_LogsCountsButNoCardText()
    {
        const string name = "card-1000-commercial-ppo-clean";
        var (memberId, group, memberName) = Truth(name);
        var logger = new FakeLogger<TesseractCardReader>();

        await Reader(logger).ReadAsync(await File.ReadAllBytesAsync(Path.Combine(Cards, name + ".jpg")), "image/jpeg", CancellationToken.None);

        var records = logger.Collector.GetSnapshot();
        Assert.NotEmpty(records);
        var everything = string.Join("\n", records.Select(r => r.Message + string.Join(",", r.StructuredState?.Select(kv => kv.Value) ?? [])));
        foreach (var secret in new[] { MemberIdFormat.Normalize(memberId)[3..], memberName.Split(' ')[^1], group! })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task ReadAsync_TesseractMissing_IsPermanentWithInstallHint()
    {
        var reader = Reader(options: new TesseractOptions { Executable = "/nonexistent/tesseract" });
        var image = await File.ReadAllBytesAsync(Path.Combine(Cards, "card-1000-commercial-ppo-clean.jpg"));
        var e = await Assert.ThrowsAsync<Domain.Common.PermanentDependencyException>(() => reader.ReadAsync(image, "image/jpeg", CancellationToken.None));
        Assert.Contains("tesseract-ocr", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NotAnImage_IsUnreadableBeforeOcr()
    {
        var e = await Assert.ThrowsAsync<CardUnreadableException>(() => Reader().ReadAsync("%PDF-1.7 /Type /Page"u8.ToArray(), "application/pdf", CancellationToken.None));
        Assert.Equal(CardRejectionCode.UnsupportedFormat, e.Code);
        var bomb = await Assert.ThrowsAsync<CardUnreadableException>(() => Reader().ReadAsync(CardImageInspectorTests.Png(9000, 9000), "image/png", CancellationToken.None));
        Assert.Equal(CardRejectionCode.DecompressionBomb, bomb.Code);
    }

    [Fact]
    public void Prepare_RotatedPhoto_EstimatesSkewCloseToTheRenderedRotation()
    {
        // card-1005 was rendered with a 7.8 degree rotation plus perspective (see its truth file).
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Cards, "card-1005-commercial-ppo-photo.truth.json")));
        var rotation = double.Parse(doc.RootElement.GetProperty("effects").EnumerateArray().First(e => e.GetString()!.StartsWith("rotation", StringComparison.Ordinal)).GetString()!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

        var prepared = CardImagePreprocessor.Prepare(File.ReadAllBytes(Path.Combine(Cards, "card-1005-commercial-ppo-photo.jpg")));

        Assert.InRange(prepared.SkewDegrees, rotation - 3, rotation + 3);
        Assert.StartsWith("P5\n", System.Text.Encoding.ASCII.GetString(prepared.Pgm, 0, 3), StringComparison.Ordinal);
        Assert.Equal(1800, Math.Max(prepared.Width, prepared.Height));
    }
}

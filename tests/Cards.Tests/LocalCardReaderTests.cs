using System.Text.Json;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Cards;
using PatientAccess.Integrations.Cards;

namespace PatientAccess.Cards.Tests;

/// <summary>
/// The local reader with the real Tesseract and the real PP-OCR models (installed by scripts/prereqs.sh, which the
/// test script runs): fails, never skips, when they are missing.
/// </summary>
public sealed class LocalCardReaderTests : IDisposable
{
    private static string Cards => Path.Combine(AppContext.BaseDirectory, "cards");

    private static string ModelDirectory => PaddleOcrModels.DefaultDirectory(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("PP-OCR models not installed: run scripts/prereqs.sh");

    private readonly PaddleOcrRecognizer _recognizer = new(PaddleOcrModels.Find(ModelDirectory)!);

    public void Dispose() => _recognizer.Dispose();

    private LocalCardReader Reader()
    {
        var options = Options.Create(new TesseractOptions());
        return new LocalCardReader(new TesseractCardReader(options, new FakeLogger<TesseractCardReader>()),
            new PaddleOcrCardReader(_recognizer, options), options, new FakeLogger<LocalCardReader>());
    }

    [Theory]
    [InlineData("card-1004-commercial-norx-clean")]
    [InlineData("card-1001-commercial-hmo-photo")]
    [InlineData("card-1007-medicare-photo")]
    public async Task ReadAsync_SampleCard_MemberIdRightOrBelowAcceptConfidence(string name)
    {
        using var truth = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Cards, name + ".truth.json")));
        var expected = MemberIdFormat.Normalize(truth.RootElement.GetProperty("memberId").GetString()!);

        var card = await Reader().ReadAsync(await File.ReadAllBytesAsync(Path.Combine(Cards, name + ".jpg")), "image/jpeg", CancellationToken.None);

        Assert.NotNull(card.MemberId);
        var right = MemberIdFormat.Normalize(card.MemberId.Value) == expected;
        Assert.True(right || card.MemberId.Confidence < ReconciliationPolicy.Default.AcceptConfidence, $"member id wrong at {card.MemberId.Confidence}");
        Assert.True(right, "the member id of a committed sample card is read right");
    }

    [Fact]
    public void PaddleOcr_ReadsTheWordsOfACleanCard()
    {
        var prepared = CardImagePreprocessor.Prepare(File.ReadAllBytes(Path.Combine(Cards, "card-1004-commercial-norx-clean.jpg")));
        using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(Cards, "card-1004-commercial-norx-clean.truth.json")));

        var words = _recognizer.Read(prepared.Pixels.Span, prepared.Width, prepared.Height);

        var text = string.Concat(words.Select(w => w.Text));
        Assert.Contains(MemberIdFormat.Normalize(truth.RootElement.GetProperty("memberId").GetString()!), MemberIdFormat.Normalize(text), StringComparison.Ordinal);
        Assert.All(words, w => Assert.InRange(w.Confidence, 0, 100));
        Assert.All(words, w => Assert.True(w.Left >= 0 && w.Right <= prepared.Width && w.Bottom <= prepared.Height));
    }

    [Fact]
    public void PaddleOcrModels_FileChanged_IsRefused()
    {
        var dir = Directory.CreateTempSubdirectory("ppocr-").FullName;
        try
        {
            foreach (var file in PaddleOcrModels.Checksums.Keys)
            {
                File.CreateSymbolicLink(Path.Combine(dir, file), Path.Combine(ModelDirectory, file));
            }
            Assert.NotNull(PaddleOcrModels.Find(dir));
            File.Delete(Path.Combine(dir, "ppocr_keys_v1.txt"));
            File.WriteAllText(Path.Combine(dir, "ppocr_keys_v1.txt"), "a\nb\n");
            Assert.Throws<InvalidOperationException>(() => PaddleOcrModels.Find(dir));
            File.Delete(Path.Combine(dir, "ppocr_keys_v1.txt"));
            Assert.Null(PaddleOcrModels.Find(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

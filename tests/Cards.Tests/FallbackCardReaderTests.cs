using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Common;
using PatientAccess.Integrations.Cards;

namespace PatientAccess.Cards.Tests;

public class FallbackCardReaderTests
{
    private sealed class ScriptedReader(CardEngine engine, Func<int, Exception?> failOnCall) : ICardReader
    {
        public int Calls { get; private set; }

        public Task<InsuranceCard> ReadAsync(ReadOnlyMemory<byte> image, string contentType, CancellationToken cancellationToken)
        {
            var e = failOnCall(++Calls);
            return e is not null
                ? Task.FromException<InsuranceCard>(e)
                : Task.FromResult(new InsuranceCard { GroupNumber = new CardField<string>("G1", 0.9, engine) });
        }
    }

    private static (FallbackCardReader Reader, ScriptedReader Primary, ScriptedReader Fallback, InstantTimeProvider Time) Build(Func<int, Exception?> primaryFails)
    {
        var time = new InstantTimeProvider();
        var primary = new ScriptedReader(CardEngine.DocumentIntelligence, primaryFails);
        var fallback = new ScriptedReader(CardEngine.Tesseract, _ => null);
        var options = Options.Create(new DocumentIntelligenceOptions { CircuitFailureThreshold = 2, CircuitBreakDuration = TimeSpan.FromSeconds(30) });
        var circuit = new DocumentIntelligenceCircuit(options, time, NullLogger<DocumentIntelligenceCircuit>.Instance);
        return (new FallbackCardReader(primary, fallback, circuit, NullLogger<FallbackCardReader>.Instance), primary, fallback, time);
    }

    [Fact]
    public async Task ReadAsync_PrimaryHealthy_UsesDocumentIntelligence()
    {
        var (reader, primary, fallback, _) = Build(_ => null);
        var card = await reader.ReadAsync(new byte[] { 1 }, "image/jpeg", CancellationToken.None);
        Assert.Equal(CardEngine.DocumentIntelligence, card.GroupNumber!.Engine);
        Assert.Equal((1, 0), (primary.Calls, fallback.Calls));
    }

    [Fact]
    public async Task ReadAsync_PrimaryDown_FallsBackAndOpensCircuitThenHalfOpens()
    {
        var (reader, primary, fallback, time) = Build(call => call <= 2 ? new TransientDependencyException("Document Intelligence", "503") : null);

        var first = await reader.ReadAsync(new byte[] { 1 }, "image/jpeg", CancellationToken.None);
        Assert.Equal(CardEngine.Tesseract, first.GroupNumber!.Engine);
        await reader.ReadAsync(new byte[] { 1 }, "image/jpeg", CancellationToken.None); // second failure opens the circuit
        await reader.ReadAsync(new byte[] { 1 }, "image/jpeg", CancellationToken.None); // open: primary not called
        Assert.Equal((2, 3), (primary.Calls, fallback.Calls));

        time.Advance(TimeSpan.FromSeconds(31));
        var after = await reader.ReadAsync(new byte[] { 1 }, "image/jpeg", CancellationToken.None);
        Assert.Equal(CardEngine.DocumentIntelligence, after.GroupNumber!.Engine);
        Assert.Equal(3, primary.Calls);
    }

    [Fact]
    public async Task ReadAsync_ImageRefused_DoesNotFallBack()
    {
        var (reader, _, fallback, _) = Build(_ => new CardUnreadableException("Document Intelligence", CardRejectionCode.InvalidDimensions, "too small"));
        await Assert.ThrowsAsync<CardUnreadableException>(() => reader.ReadAsync(new byte[] { 1 }, "image/jpeg", CancellationToken.None));
        Assert.Equal(0, fallback.Calls);
    }

    [Fact]
    public void AddCardReading_WithoutEndpoint_RegistersTheLocalReader()
    {
        using var sp = Services(new Dictionary<string, string?>());
        Assert.IsType<LocalCardReader>(sp.GetRequiredService<ICardReader>());
        Assert.NotNull(sp.GetRequiredService<IOptions<PaddleOcrOptions>>().Value);
    }

    [Fact]
    public void AddCardReading_PaddleModelsMissingWithoutEndpoint_HostDoesNotStart()
    {
        var empty = Directory.CreateTempSubdirectory("ppocr-missing-").FullName;
        try
        {
            using var sp = Services(new Dictionary<string, string?> { ["PaddleOcr:ModelDirectory"] = empty });

            // ValidateOnStart runs this validation when a host starts.
            var start = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<PaddleOcrOptions>>().Value);
            Assert.Contains("scripts/prereqs.sh", start.Message, StringComparison.Ordinal);
            Assert.Contains("PaddleOcr:Enabled=false", start.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task AddCardReading_PaddleModelsMissingAsFallback_EveryLocalReadFailsSayingSo()
    {
        var empty = Directory.CreateTempSubdirectory("ppocr-missing-").FullName;
        try
        {
            using var sp = Services(new Dictionary<string, string?>
            {
                ["DocumentIntelligence:Endpoint"] = "https://example-di.cognitiveservices.azure.com/",
                ["PaddleOcr:ModelDirectory"] = empty,
            });

            var read = await Assert.ThrowsAsync<PermanentDependencyException>(() =>
                sp.GetRequiredService<LocalCardReader>().ReadAsync(new byte[] { 1 }, "image/jpeg", CancellationToken.None));
            Assert.Equal(PaddleOcrCardReader.Dependency, read.Dependency);
            Assert.Contains("PaddleOcr:Enabled=false", read.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void AddCardReading_PaddleDisabled_StartsWithoutModels()
    {
        using var sp = Services(new Dictionary<string, string?> { ["PaddleOcr:Enabled"] = "false", ["PaddleOcr:ModelDirectory"] = "/nonexistent" });
        Assert.False(sp.GetRequiredService<IOptions<PaddleOcrOptions>>().Value.Enabled);
        Assert.IsType<LocalCardReader>(sp.GetRequiredService<ICardReader>());
    }

    [Fact]
    public void AddCardReading_WithEndpoint_RegistersDocumentIntelligenceWithFallback()
    {
        using var sp = Services(new Dictionary<string, string?>
        {
            ["DocumentIntelligence:Endpoint"] = "https://example-di.cognitiveservices.azure.com/",
            ["DocumentIntelligence:ApiVersion"] = "2023-07-31",
        });
        Assert.IsType<FallbackCardReader>(sp.GetRequiredService<ICardReader>());
        Assert.Equal("2023-07-31", sp.GetRequiredService<IOptions<DocumentIntelligenceOptions>>().Value.ApiVersion);
    }

    [Fact]
    public void AddCardReading_BadApiVersion_FailsValidation()
    {
        using var sp = Services(new Dictionary<string, string?>
        {
            ["DocumentIntelligence:Endpoint"] = "https://example-di.cognitiveservices.azure.com/",
            ["DocumentIntelligence:ApiVersion"] = "2099-01-01",
        });
        Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<DocumentIntelligenceOptions>>().Value);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddCardReading(configuration);
        return services.BuildServiceProvider();
    }
}

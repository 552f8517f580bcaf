using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Common;

namespace PatientAccess.Integrations.Cards;

public static class CardReadingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICardReader"/>: Document Intelligence with the local reader as fallback when
    /// <c>DocumentIntelligence:Endpoint</c> is set, otherwise the local reader alone. The local reader is Tesseract
    /// and PP-OCR voting (<see cref="LocalCardReader"/>) when the PP-OCR models are installed (scripts/prereqs.sh),
    /// else Tesseract alone. Options: sections "DocumentIntelligence", "Tesseract" and "PaddleOcr".
    /// </summary>
    public static IServiceCollection AddCardReading(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TesseractOptions>().BindConfiguration(TesseractOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PaddleOcrOptions>().BindConfiguration(PaddleOcrOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TesseractCardReader>();
        services.TryAddSingleton(sp => new PaddleSlot(CreatePaddleReader(sp)));
        services.TryAddSingleton(sp => sp.GetRequiredService<PaddleSlot>().Reader
            ?? throw new PermanentDependencyException(PaddleOcrCardReader.Dependency, "the PP-OCR models are not installed or are disabled; run scripts/prereqs.sh."));
        services.TryAddSingleton(sp => new LocalCardReader(
            sp.GetRequiredService<TesseractCardReader>(),
            sp.GetRequiredService<PaddleSlot>().Reader,
            sp.GetRequiredService<IOptions<TesseractOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LocalCardReader>>()));

        var endpoint = configuration[$"{DocumentIntelligenceOptions.Section}:Endpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            services.AddSingleton<ICardReader>(sp => sp.GetRequiredService<LocalCardReader>());
            return services;
        }

        services.AddOptions<DocumentIntelligenceOptions>().BindConfiguration(DocumentIntelligenceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.AddHttpClient<DocumentIntelligenceCardReader>((sp, client) => client.Timeout = TimeSpan.FromSeconds(100))
            .AddTypedClient((client, sp) => new DocumentIntelligenceCardReader(
                client,
                sp.GetRequiredService<IOptions<DocumentIntelligenceOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DocumentIntelligenceCardReader>>(),
                string.IsNullOrEmpty(sp.GetRequiredService<IOptions<DocumentIntelligenceOptions>>().Value.Key) ? sp.GetRequiredService<TokenCredential>() : null));
        services.TryAddSingleton<DocumentIntelligenceCircuit>();
        services.AddTransient<ICardReader>(sp => new FallbackCardReader(
            sp.GetRequiredService<DocumentIntelligenceCardReader>(),
            sp.GetRequiredService<LocalCardReader>(),
            sp.GetRequiredService<DocumentIntelligenceCircuit>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<FallbackCardReader>>()));
        return services;
    }

    /// <summary>The one PP-OCR reader of the container (its ONNX sessions are loaded once), or none.</summary>
    private sealed record PaddleSlot(PaddleOcrCardReader? Reader);

    /// <summary>The PP-OCR reader when enabled and its models are found (checksums verified), else null (Tesseract alone).</summary>
    private static PaddleOcrCardReader? CreatePaddleReader(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<PaddleOcrOptions>>().Value;
        var logger = sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LocalCardReader>>();
        if (!options.Enabled)
        {
            Log.PaddleModels(logger, "disabled by configuration");
            return null;
        }
        var directory = options.ModelDirectory ?? PaddleOcrModels.DefaultDirectory(AppContext.BaseDirectory);
        var models = directory is null ? null : PaddleOcrModels.Find(directory);
        if (models is null)
        {
            Log.PaddleModels(logger, "not installed (run scripts/prereqs.sh); reading cards with Tesseract alone");
            return null;
        }
        Log.PaddleModels(logger, "loaded");
        return new PaddleOcrCardReader(new PaddleOcrRecognizer(models, options.Threads), sp.GetRequiredService<IOptions<TesseractOptions>>());
    }
}

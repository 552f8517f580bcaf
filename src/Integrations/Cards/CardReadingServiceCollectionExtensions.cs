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
        services.TryAddSingleton(CreatePaddleSlot);
        services.TryAddSingleton(sp => sp.GetRequiredService<PaddleSlot>().Reader
            ?? throw new PermanentDependencyException(PaddleOcrCardReader.Dependency, sp.GetRequiredService<PaddleSlot>().Missing ?? "PP-OCR is disabled (PaddleOcr:Enabled=false)."));
        services.TryAddSingleton(sp => new LocalCardReader(
            sp.GetRequiredService<TesseractCardReader>(),
            sp.GetRequiredService<PaddleSlot>().Reader,
            sp.GetRequiredService<IOptions<TesseractOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LocalCardReader>>())
        {
            PaddleMissing = sp.GetRequiredService<PaddleSlot>().Missing,
        });

        var endpoint = configuration[$"{DocumentIntelligenceOptions.Section}:Endpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            // The local reader reads every card: a host without the models it is configured for does not start.
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaddleOcrOptions>, PaddleOcrModelsInstalled>());
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

    /// <summary>
    /// The one PP-OCR reader of the container (its ONNX sessions are loaded once); none when disabled, or when the
    /// models are missing, with <see cref="Missing"/> saying why.
    /// </summary>
    private sealed record PaddleSlot(PaddleOcrCardReader? Reader, string? Missing);

    private static PaddleSlot CreatePaddleSlot(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<PaddleOcrOptions>>().Value;
        var logger = sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LocalCardReader>>();
        if (!options.Enabled)
        {
            Log.PaddleModels(logger, "disabled by configuration; cards are read by Tesseract alone");
            return new PaddleSlot(null, null);
        }
        if (PaddleOcrModels.Locate(options, AppContext.BaseDirectory, out var problem) is not { } models)
        {
            Log.PaddleModelsMissing(logger);
            return new PaddleSlot(null, problem);
        }
        Log.PaddleModels(logger, "loaded");
        return new PaddleSlot(new PaddleOcrCardReader(new PaddleOcrRecognizer(models, options.Threads), sp.GetRequiredService<IOptions<TesseractOptions>>()), null);
    }

    /// <summary>At start: PP-OCR enabled means its models are installed and match their checksums.</summary>
    private sealed class PaddleOcrModelsInstalled : IValidateOptions<PaddleOcrOptions>
    {
        public ValidateOptionsResult Validate(string? name, PaddleOcrOptions options) =>
            !options.Enabled || PaddleOcrModels.Locate(options, AppContext.BaseDirectory, out var problem) is not null
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"PaddleOcr: {problem}");
    }
}

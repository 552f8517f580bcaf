using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Cards;

namespace PatientAccess.Integrations.Cards;

public static class CardReadingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICardReader"/>: Document Intelligence with Tesseract as fallback when
    /// <c>DocumentIntelligence:Endpoint</c> is set, otherwise Tesseract alone. Options: sections "DocumentIntelligence"
    /// and "Tesseract".
    /// </summary>
    public static IServiceCollection AddCardReading(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TesseractOptions>().BindConfiguration(TesseractOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TesseractCardReader>();

        var endpoint = configuration[$"{DocumentIntelligenceOptions.Section}:Endpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            services.AddSingleton<ICardReader>(sp => sp.GetRequiredService<TesseractCardReader>());
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
            sp.GetRequiredService<TesseractCardReader>(),
            sp.GetRequiredService<DocumentIntelligenceCircuit>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<FallbackCardReader>>()));
        return services;
    }
}

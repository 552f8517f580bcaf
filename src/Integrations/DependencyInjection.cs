using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PatientAccess.Domain.Ports;
using PatientAccess.Integrations.Blob;
using PatientAccess.Integrations.Cards;
using PatientAccess.Integrations.Cosmos;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace PatientAccess.Integrations;

public static class DependencyInjection
{
    /// <summary>The Cosmos-backed stores (registrations, work items, audit, idempotency).</summary>
    public static IServiceCollection AddCosmosStores(this IServiceCollection services)
    {
        services.AddOptions<CosmosOptions>().BindConfiguration(CosmosOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.AddSingleton<CosmosDatabaseProvider>();
        services.AddSingleton<IRegistrationStore, CosmosRegistrationStore>();
        services.AddSingleton<IWorkItemStore, CosmosWorkItemStore>();
        services.AddSingleton<IAuditTrail, CosmosAuditTrail>();
        services.AddSingleton<IIdempotencyStore, CosmosIdempotencyStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IPatientLinkStore, CosmosPatientLinkStore>();
        services.AddSingleton<IQuestionThreadStore, CosmosQuestionThreadStore>();
        return services;
    }

    /// <summary>
    /// Card photos on Blob Storage (section "CardStorage": blobServiceUri + managed identity in Azure, a connection
    /// string against Azurite), the re-encoder of accepted uploads, and the card reader (Document Intelligence when
    /// configured, else Tesseract).
    /// </summary>
    public static IServiceCollection AddCardIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ICardImageStore>(sp => new BlobCardImageStore(CardStorage(sp, configuration), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<PatientAccess.Domain.Cards.ICardImageSanitizer, SkiaCardImageSanitizer>();
        services.AddCardReading(configuration);
        return services;
    }

    /// <summary>
    /// What the estimate step reads: the standard-charges file (section "Prices": Path, FontDirectory), the stored
    /// eligibility answers (the "CardStorage" account, as AddEligibility) and the Good Faith Estimate documents.
    /// </summary>
    public static IServiceCollection AddEstimateSources(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<Estimates.PriceListOptions>().BindConfiguration(Estimates.PriceListOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IPriceListSource, Estimates.FilePriceListSource>();
        services.AddSingleton<IGoodFaithEstimateDocuments, Estimates.GoodFaithEstimateDocuments>();
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.AddSingleton<IEligibilityBenefitsReader>(sp => new Estimates.BlobEligibilityBenefitsReader(CardStorage(sp, configuration)));
        return services;
    }

    /// <summary>
    /// Which forms a visit needs (section "Forms": RequirementsFile), read and checked against its schema at start-up.
    /// Without the setting no form is required (<see cref="Domain.Forms.FormRequirements.None"/>, registered by the
    /// workflow): the hospital collects its forms outside PatientAccess.
    /// </summary>
    public static IServiceCollection AddFormRequirements(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration[$"{Forms.FormsOptions.Section}:RequirementsFile"])) return services;
        services.AddOptions<Forms.FormsOptions>().BindConfiguration(Forms.FormsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<Forms.FormsOptions>, Forms.FormsOptionsValidation>());
        services.Replace(ServiceDescriptor.Singleton(sp => Forms.FormRequirementsFile.Load(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Forms.FormsOptions>>().Value.RequirementsFile)));
        return services;
    }

    /// <summary>
    /// Signed forms: the PDF renderer (PDFsharp, fonts from "Estimates:FontDirectory" as the estimates) and the
    /// write-once document store on the "CardStorage" account (container signed-forms).
    /// </summary>
    public static IServiceCollection AddSignedForms(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.TryAddSingleton(_ => new Estimates.PdfRenderer(new Estimates.DejaVuFonts(
            configuration["Estimates:FontDirectory"] is { Length: > 0 } fonts ? fonts : Estimates.DejaVuFonts.DefaultDirectory)));
        services.TryAddSingleton<ISignedFormRenderer, Forms.SignedFormPdf>();
        services.TryAddSingleton<ISignedDocumentStore>(sp => new Forms.BlobSignedDocumentStore(CardStorage(sp, configuration)));
        return services;
    }

    /// <summary>The "CardStorage" account: blobServiceUri with the managed identity in Azure, a connection string against Azurite.</summary>
    private static BlobServiceClient CardStorage(IServiceProvider sp, IConfiguration configuration)
    {
        var section = configuration.GetSection("CardStorage");
        var uri = section["blobServiceUri"];
        var connection = section["connectionString"] ?? section.Value;
        return !string.IsNullOrWhiteSpace(uri)
            ? new BlobServiceClient(new Uri(uri), sp.GetRequiredService<TokenCredential>())
            : new BlobServiceClient(connection ?? throw new InvalidOperationException("Set CardStorage:blobServiceUri (Azure) or CardStorage:connectionString (local)."));
    }
}

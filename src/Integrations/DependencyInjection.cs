using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PatientAccess.Domain.Ports;
using PatientAccess.Integrations.Cosmos;

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
        return services;
    }
}

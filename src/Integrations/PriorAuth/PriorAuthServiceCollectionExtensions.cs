using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Integrations.Eligibility;

namespace PatientAccess.Integrations.PriorAuth;

public static class PriorAuthServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPriorAuthGateway"/> (PAS or 278 per payer, both on typed HttpClients with the standard
    /// resilience pipeline within <c>PriorAuth:TotalBudgetSeconds</c>), the payer directory and lists
    /// (<see cref="IPriorAuthPayerDirectory"/>), the notification reader and the Cosmos stores. The 278 goes through the
    /// clearinghouse of section "Clearinghouse" (registered by <c>AddEligibility</c>). Needs <c>AddCosmosStores</c>.
    /// </summary>
    public static IServiceCollection AddPriorAuth(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PriorAuthOptions>().BindConfiguration(PriorAuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClearinghouseOptions>().BindConfiguration(ClearinghouseOptions.Section);
        services.TryAddSingleton(sp => new PasRequestBuilder(sp.GetRequiredService<IOptions<PriorAuthOptions>>().Value));
        services.TryAddSingleton<PayerDirectory>();
        services.TryAddSingleton<IPriorAuthPayerDirectory>(sp => sp.GetRequiredService<PayerDirectory>());
        services.TryAddSingleton<IPriorAuthNotificationAuthenticator>(sp => sp.GetRequiredService<PayerDirectory>());
        services.TryAddSingleton(sp => sp.GetRequiredService<PayerDirectory>().Requester());
        services.TryAddSingleton<IPriorAuthNotificationReader, PasNotificationReader>();
        services.TryAddSingleton<IAuthorizationStore, CosmosAuthorizationStore>();
        services.TryAddSingleton<IPriorAuthNotificationStore, CosmosPriorAuthNotificationStore>();

        services.AddHttpClient<PasPriorAuthGateway>((sp, client) =>
            client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<PriorAuthOptions>>().Value.TotalBudgetSeconds + 10))
            .AddStandardResilienceHandler().Configure((resilience, sp) => Budget(resilience, sp));
        services.AddHttpClient<X12ServiceReviewGateway>((sp, client) =>
        {
            var baseUrl = sp.GetRequiredService<IOptions<ClearinghouseOptions>>().Value.BaseUrl?.ToString()
                ?? throw new InvalidOperationException("X12 278 payers go through the clearinghouse: set Clearinghouse:BaseUrl.");
            client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<PriorAuthOptions>>().Value.TotalBudgetSeconds + 10);
        }).AddStandardResilienceHandler().Configure((resilience, sp) => Budget(resilience, sp));
        services.TryAddTransient<IPriorAuthGateway, RoutingPriorAuthGateway>();
        return services;
    }

    private static void Budget(HttpStandardResilienceOptions resilience, IServiceProvider sp)
    {
        var o = sp.GetRequiredService<IOptions<PriorAuthOptions>>().Value;
        EligibilityServiceCollectionExtensions.Budget(resilience, o.TotalBudgetSeconds, o.AttemptTimeoutSeconds, o.MaxRetries);
        if (o.MaxRetries > 0) resilience.Retry.ShouldHandle = SubmissionRetry.Guard(resilience.Retry.ShouldHandle);
    }
}

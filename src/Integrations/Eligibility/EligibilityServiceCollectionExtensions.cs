using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Eligibility;

namespace PatientAccess.Integrations.Eligibility;

public static class EligibilityServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEligibilityGateway"/> (CORE or JSON per <c>Clearinghouse:Mode</c>) on a typed HttpClient
    /// with the standard resilience pipeline (attempt timeout, retries for 5xx/408/429/timeouts/connection errors only,
    /// a circuit breaker, and a total budget of <c>Clearinghouse:TotalBudgetSeconds</c>, 20 s by default), and
    /// <see cref="IAuditPayloadStore"/> on Blob Storage (section "CardStorage").
    /// </summary>
    public static IServiceCollection AddEligibility(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ClearinghouseOptions>().BindConfiguration(ClearinghouseOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var mode = configuration.GetSection(ClearinghouseOptions.Section).GetValue(nameof(ClearinghouseOptions.Mode), ClearinghouseMode.Core);
        var http = mode == ClearinghouseMode.Json
            ? services.AddHttpClient<JsonEligibilityGateway>(Configure)
            : services.AddHttpClient<CoreEligibilityGateway>(Configure);
        http.AddStandardResilienceHandler().Configure((resilience, sp) =>
        {
            var o = sp.GetRequiredService<IOptions<ClearinghouseOptions>>().Value;
            Budget(resilience, o.TotalBudgetSeconds, o.AttemptTimeoutSeconds, o.MaxRetries);
        });
        if (mode == ClearinghouseMode.Json)
        {
            services.AddTransient<IEligibilityGateway>(sp => sp.GetRequiredService<JsonEligibilityGateway>());
        }
        else
        {
            services.AddTransient<IEligibilityGateway>(sp => sp.GetRequiredService<CoreEligibilityGateway>());
        }

        var storage = configuration.GetSection(AuditStorageOptions.Section);
        services.AddOptions<AuditStorageOptions>()
            .BindConfiguration(AuditStorageOptions.Section)
            .PostConfigure(o => o.ConnectionString ??= storage.Value)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.TryAddSingleton<IAuditPayloadStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AuditStorageOptions>>().Value;
            var client = o.BlobServiceUri is { } uri
                ? new BlobServiceClient(uri, sp.GetRequiredService<TokenCredential>())
                : new BlobServiceClient(o.ConnectionString);
            return new BlobAuditPayloadStore(client, sp.GetRequiredService<ILogger<BlobAuditPayloadStore>>());
        });
        return services;
    }

    /// <summary>
    /// The standard pipeline within a total budget: attempt timeout, retries (exponential with jitter) for 5xx, 408,
    /// 429, timeouts and connection errors only, and a circuit breaker sampling over two attempts and 30 s.
    /// </summary>
    internal static void Budget(HttpStandardResilienceOptions resilience, int totalSeconds, int attemptSeconds, int maxRetries)
    {
        var attempt = TimeSpan.FromSeconds(Math.Min(attemptSeconds, totalSeconds));
        resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(totalSeconds);
        resilience.AttemptTimeout.Timeout = attempt;
        resilience.Retry.MaxRetryAttempts = Math.Max(1, maxRetries);
        resilience.Retry.ShouldHandle = maxRetries == 0 ? _ => ValueTask.FromResult(false) : resilience.Retry.ShouldHandle;
        resilience.Retry.Delay = TimeSpan.FromMilliseconds(500);
        resilience.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;
        resilience.CircuitBreaker.SamplingDuration = attempt * 2 + TimeSpan.FromSeconds(30);
    }

    private static void Configure(IServiceProvider sp, HttpClient client)
    {
        var o = sp.GetRequiredService<IOptions<ClearinghouseOptions>>().Value;
        var baseUrl = o.BaseUrl!.ToString();
        client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
        // The resilience pipeline owns the timeouts; this is only a backstop above the budget.
        client.Timeout = TimeSpan.FromSeconds(o.TotalBudgetSeconds + 10);
    }
}

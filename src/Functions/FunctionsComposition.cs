using Azure.Core;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PatientAccess.Api;
using PatientAccess.Integrations;
using PatientAccess.Integrations.Eligibility;
using PatientAccess.Integrations.Notifications;
using PatientAccess.Integrations.PriorAuth;
using PatientAccess.Workflow;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Functions;

/// <summary>
/// The composition root of the Functions worker, kept out of Program.cs so tests can build the same
/// container and check what the worker will tell the host (function metadata, middleware, options).
/// </summary>
public static class FunctionsComposition
{
    public static FunctionsApplicationBuilder AddPatientAccess(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // ASP.NET Core integration first: its middleware puts the HttpContext on the FunctionContext,
        // which the error mapper below writes the problem to.
        builder.ConfigureFunctionsWebApplication();
        builder.UseWhen<ProblemDetailsMiddleware>(ProblemDetailsMiddleware.IsHttpFunction);

        // Class-based orchestrators and activities from src/Workflow, unchanged. Extension 1.21.x indexes every
        // task in the registry as a function at runtime (IFunctionMetadataTransformer), so there is no
        // hand-written trigger per task; see docs/decisions/0003-functions-durable-registration.md.
        builder.ConfigureDurableWorker().AddTasks(registry => registry.AddClearance());

        AddTelemetry(builder);

        builder.Services.AddWorkerServices(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// The application's services as the worker registers them: operations, stores, the card, eligibility, estimate,
    /// forms, prior-authorization and notification adapters. The Functions tests build their container with this
    /// too, so a service the worker lacks is missing in the tests as well.
    /// </summary>
    public static IServiceCollection AddWorkerServices(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.AddApplicationServices();
        services.AddEligibility(configuration);
        services.AddCardIntake(configuration);
        services.AddEstimates();
        services.AddEstimateSources(configuration);
        services.AddFormRequirements(configuration);
        services.AddSignedForms(configuration);
        services.AddPriorAuth(configuration);
        services.AddNotificationChannel(configuration);
        services.AddReminders();
        services.AddInboundMessages();
        return services;
    }

    /// <summary>
    /// Worker telemetry straight to Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set. The
    /// resource has local auth off (infra), so with APPLICATIONINSIGHTS_AUTHENTICATION_STRING=Authorization=AAD the
    /// SDK signs in with the app's identity. Our logs carry ids and statuses only, so Information and up is sent
    /// (the SDK's default rule would keep only warnings). Request bodies are never collected.
    /// </summary>
    private static void AddTelemetry(FunctionsApplicationBuilder builder)
    {
        builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
        var authentication = builder.Configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];
        if (authentication?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true)
        {
            builder.Services.AddOptions<TelemetryConfiguration>()
                .Configure<TokenCredential>((telemetry, credential) => telemetry.SetAzureTokenCredential(credential));
        }
        builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
        {
            var sdkDefault = options.Rules.FirstOrDefault(rule =>
                rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
            if (sdkDefault is not null)
            {
                options.Rules.Remove(sdkDefault);
            }
        });
    }

    /// <summary>
    /// What the HTTP functions and the activities need: the API's JSON contract and problem details, the
    /// workflow operations, the Cosmos stores. Tests compose the Durable test host with exactly this.
    /// </summary>
    public static IServiceCollection AddApplicationServices(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
        {
            foreach (var converter in ApiJson.Options.Converters) o.SerializerOptions.Converters.Add(converter);
            o.SerializerOptions.DefaultIgnoreCondition = ApiJson.Options.DefaultIgnoreCondition;
        });
        services.AddWorkflow();
        services.AddCosmosStores();
        services.AddSingleton<PortalRateLimiter>();
        services.AddOptions<ConsoleHostOptions>().BindConfiguration(ConsoleHostOptions.Section);
        return services;
    }
}

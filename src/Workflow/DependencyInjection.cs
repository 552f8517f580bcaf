using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Workflow;

public static class DependencyInjection
{
    /// <summary>The application operations and the helpers activities use. Ports come from src/Integrations.</summary>
    public static IServiceCollection AddWorkflow(this IServiceCollection services)
    {
        services.AddOptions<ClearanceOptions>().BindConfiguration(ClearanceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClinicOptions>().BindConfiguration(ClinicOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.IsKnownZone, "Clinic:TimeZone must be an IANA time zone id this machine knows, e.g. America/Chicago.")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<RegistrationUpdater>();
        services.AddSingleton<RegistrationOperations>();
        services.AddSingleton<VisitChangeOperations>();
        services.AddSingleton<WorklistOperations>();
        services.AddSingleton<Cards.CardIntakeOperations>();
        services.AddSingleton<Portal.PortalOperations>();
        services.AddSingleton<Forms.FormOperations>();
        services.AddSingleton<Estimates.EstimateDocumentOperations>();
        services.TryAddSingleton<Portal.PatientLinks>();
        services.AddSingleton<SpecialistConsole.ConsoleOperations>();
        services.AddOptions<Eligibility.EligibilityRecheckOptions>().BindConfiguration(Eligibility.EligibilityRecheckOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Eligibility.EligibilityRecheckSweep>();
        services.AddOptions<StoppedClearanceOptions>().BindConfiguration(StoppedClearanceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StoppedClearanceSweep>();
        services.AddSingleton<PriorAuth.AuthorizationSteps>();
        services.AddSingleton<PriorAuth.PriorAuthNotificationOperations>();
        services.AddSingleton<PriorAuth.AuthorizationCancellation>();
        // Forms collected outside PatientAccess unless a host adds the requirements file (Integrations: AddFormRequirements).
        services.TryAddSingleton(Domain.Forms.FormRequirements.None);
        return services;
    }

    /// <summary>
    /// The estimate step's settings (section "Estimates": counseling threshold, facility, holidays). The ports it needs,
    /// <see cref="Domain.Ports.IPriceListSource"/> and <see cref="Domain.Ports.IEligibilityBenefitsReader"/>, come from
    /// src/Integrations (AddEstimateSources).
    /// </summary>
    public static IServiceCollection AddEstimates(this IServiceCollection services)
    {
        services.AddOptions<Estimates.EstimateSettings>().BindConfiguration(Estimates.EstimateSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}

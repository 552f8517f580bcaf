using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Workflow.Notifications;

public static class ReminderServiceCollectionExtensions
{
    /// <summary>
    /// The reminder sweep and the recipient directory over the registration store. Needs the ports and the
    /// <see cref="ContactPolicy"/> from src/Integrations (<c>AddCosmosStores</c>, <c>AddNotificationChannel</c>). Sections "Reminders" and "Portal",
    /// validated at start.
    /// </summary>
    public static IServiceCollection AddReminders(this IServiceCollection services)
    {
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.Section).ValidateDataAnnotations()
            .Validate(o => FacilityFitsTheTemplates(o.FacilityName),
                "Reminders:FacilityName must fit the SMS templates and disclose nothing (no service, payer or diagnosis words).")
            .ValidateOnStart();
        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section)
            .Validate(o => o.BaseUrl is null || (NotificationTemplates.IsAllowedLink(o.BaseUrl) && o.BaseUrl.AbsolutePath.EndsWith('/')),
                "Portal:BaseUrl must be an absolute https URL (http only on loopback) without query or fragment, ending with '/'.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RegistrationRecipientDirectory>();
        services.TryAddSingleton<INotificationRecipientDirectory>(sp => sp.GetRequiredService<RegistrationRecipientDirectory>());
        services.TryAddSingleton<Portal.PatientLinks>();
        services.TryAddSingleton<ReminderSweep>();
        services.TryAddSingleton<PatientMessenger>();
        return services;
    }

    /// <summary>Renders every reminder template with the facility name and a link of the longest token, so a bad name fails at start, not in every sweep.</summary>
    private static bool FacilityFitsTheTemplates(string? facility)
    {
        if (string.IsNullOrWhiteSpace(facility)) return false;
        var values = new TemplateValues(facility, new Uri("https://portal.example.org/c/AAAAAAAAAAAAAAAAAAAAAA"));
        try
        {
            foreach (var channel in Enum.GetValues<NotificationChannel>())
            {
                foreach (var language in Enum.GetValues<MessageLanguage>())
                {
                    NotificationTemplates.Render(MessagePurpose.CardNeeded, channel, language, values);
                }
            }
            return true;
        }
        catch (Domain.Common.ValidationException)
        {
            return false;
        }
    }
}

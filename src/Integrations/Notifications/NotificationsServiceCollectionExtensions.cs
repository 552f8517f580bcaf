using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Integrations.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the notification pieces: <see cref="INotificationOutbox"/> on Cosmos (needs
    /// <c>AddCosmosStores</c> for the <c>CosmosDatabaseProvider</c>; register another outbox first to replace it),
    /// <see cref="INotificationSender"/> (ACS when <c>Acs:Endpoint</c> is set, else <see cref="OutboxOnlySender"/>),
    /// <see cref="ContactPolicy"/> with the configured quiet hours, and <see cref="NotificationDispatcher"/>.
    /// The host must register <see cref="INotificationRecipientDirectory"/> (over the registration store).
    /// Options: sections "Acs" (<see cref="AcsOptions"/>), "Notifications" (<see cref="NotificationDispatcherOptions"/>)
    /// and "QuietHours" (<see cref="QuietHoursOptions"/>), validated at start.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AcsOptions>().Bind(configuration.GetSection(AcsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<NotificationDispatcherOptions>().Bind(configuration.GetSection(NotificationDispatcherOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QuietHoursOptions>().Bind(configuration.GetSection(QuietHoursOptions.Section))
            .Validate(o => o.IsValid, "QuietHours:Start and QuietHours:End (HH:mm, the patient's local time) must span midnight and cover at least 21:00-08:00, leaving at least an hour to send in.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ContactPolicy(sp.GetRequiredService<IOptions<QuietHoursOptions>>().Value.Rules));
        services.TryAddSingleton<INotificationOutbox, CosmosNotificationOutbox>();
        services.TryAddSingleton<NotificationDispatcher>();

        var acs = configuration.GetSection(AcsOptions.Section).Get<AcsOptions>();
        if (acs?.IsConfigured != true)
        {
            services.TryAddSingleton<INotificationSender, OutboxOnlySender>();
            return services;
        }

        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.AddHttpClient(AcsHttp.ClientName, (sp, http) => http.Timeout = sp.GetRequiredService<IOptions<AcsOptions>>().Value.RequestTimeout)
            .AddHttpMessageHandler(sp =>
            {
                var settings = sp.GetRequiredService<IOptions<AcsOptions>>().Value;
                var clock = sp.GetRequiredService<TimeProvider>();
                return string.IsNullOrWhiteSpace(settings.AccessKey)
                    ? new AcsTokenAuthenticationHandler(sp.GetRequiredService<TokenCredential>(), clock)
                    : new AcsHmacAuthenticationHandler(settings.AccessKey, clock);
            });
        services.TryAddSingleton<AcsSmsClient>();
        services.TryAddSingleton<AcsEmailClient>();
        services.TryAddSingleton<INotificationSender, AcsNotificationSender>();
        return services;
    }
}

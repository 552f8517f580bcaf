using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Cosmos;

namespace PatientAccess.Integrations.Notifications;

/// <summary>
/// The consent ledger as a document <c>consents-{registrationId}</c> in the "outbox" container (same partition as
/// the registration's messages and contact logs). It carries neither <c>dueAtMs</c> nor the message type, so the
/// outbox queries never see it. Create on first change, If-Match replace after.
/// </summary>
public sealed class CosmosConsentLedgerStore(CosmosDatabaseProvider database) : IConsentLedgerStore
{
    private const string Kind = "Consent ledger";

    public async Task<Versioned<ConsentLedger>?> FindAsync(RegistrationId registrationId, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.Outbox, cancellationToken);
        var id = ConsentLedgerDocument.IdFor(registrationId);
        try
        {
            var read = await CosmosErrors.Translate(Kind, id, () =>
                container.ReadItemAsync<ConsentLedgerDocument>(id, new PartitionKey(registrationId.Value), cancellationToken: cancellationToken));
            return new Versioned<ConsentLedger>(new ConsentLedger(read.Resource.Events), read.ETag);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    public async Task<string> SaveAsync(RegistrationId registrationId, ConsentLedger ledger, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var container = await database.ContainerAsync(CosmosContainers.Outbox, cancellationToken);
        var document = new ConsentLedgerDocument(ConsentLedgerDocument.IdFor(registrationId), registrationId.Value, ConsentLedgerDocument.DocumentType, [.. ledger.Events]);
        return await CosmosErrors.WriteVersionedAsync(container, Kind, document.Id, document, new PartitionKey(registrationId.Value), etag, cancellationToken);
    }
}

internal sealed record ConsentLedgerDocument(string Id, string RegistrationId, string Type, List<ConsentEvent> Events)
{
    public const string DocumentType = "consent-ledger";

    public static string IdFor(RegistrationId registrationId) => $"consents-{registrationId.Value}";

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary><see cref="IDueMessageDispatch"/> over <see cref="NotificationDispatcher"/>.</summary>
public sealed class DueMessageDispatch(NotificationDispatcher dispatcher) : IDueMessageDispatch
{
    public Task DispatchDueAsync(DateTimeOffset nowUtc, CancellationToken cancellationToken) => dispatcher.DispatchDueAsync(nowUtc, cancellationToken);
}

public static class NotificationChannelServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="NotificationsServiceCollectionExtensions.AddNotifications"/> plus what the workflow's reminder
    /// sweep needs from this layer: the consent ledger store and the dispatcher behind <see cref="IDueMessageDispatch"/>.
    /// Needs <c>AddCosmosStores</c>; the recipient directory comes from the workflow (<c>AddReminders</c>).
    /// </summary>
    public static IServiceCollection AddNotificationChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddNotifications(configuration);
        services.TryAddSingleton<IConsentLedgerStore, CosmosConsentLedgerStore>();
        services.TryAddSingleton<IDueMessageDispatch, DueMessageDispatch>();
        services.TryAddSingleton<IInboundEventReader, AcsInboundEventReader>();
        return services;
    }
}

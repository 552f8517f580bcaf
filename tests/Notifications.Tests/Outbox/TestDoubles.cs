using System.Collections.Concurrent;
using Azure.Identity;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Cosmos;
using PatientAccess.Integrations.Notifications;

namespace PatientAccess.Notifications.Tests.Outbox;

/// <summary>Recipients by registration id, as the registration store would resolve them.</summary>
internal sealed class TestRecipients : INotificationRecipientDirectory
{
    private readonly ConcurrentDictionary<RegistrationId, NotificationRecipient> _byRegistration = new();

    public void Set(RegistrationId id, NotificationRecipient recipient) => _byRegistration[id] = recipient;

    public Task<NotificationRecipient?> FindAsync(RegistrationId registrationId, string recipientRef, CancellationToken cancellationToken) =>
        Task.FromResult(recipientRef == "patient" && _byRegistration.TryGetValue(registrationId, out var r) ? r : null);
}

/// <summary>Records every delivery; behaviour per call is pluggable (succeed, throw, delay).</summary>
internal sealed class RecordingSender(Func<Delivery, int, Task<string>>? behaviour = null) : INotificationSender
{
    private int _calls;
    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public async Task<string> SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        Deliveries.Enqueue(delivery);
        if (behaviour is not null) return await behaviour(delivery, call);
        await Task.Yield();
        return "provider-" + delivery.IdempotencyId.ToString("N");
    }
}

/// <summary>Lets every dispatcher list the due messages before any of them claims one, so they must race.</summary>
internal sealed class RacingOutbox(INotificationOutbox inner, int dispatchers) : INotificationOutbox, IDisposable
{
    public void Dispose() => _barrier.Dispose();

    private readonly Barrier _barrier = new(dispatchers);

    public async Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset nowUtc, int maxCount, CancellationToken cancellationToken)
    {
        var due = await inner.ListDueAsync(nowUtc, maxCount, cancellationToken);
        await Task.Run(() => _barrier.SignalAndWait(TimeSpan.FromSeconds(30), cancellationToken), cancellationToken);
        return due;
    }

    public Task<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) => inner.EnqueueAsync(message, cancellationToken);
    public Task<OutboxMessage?> FindAsync(RegistrationId registrationId, MessageKey key, CancellationToken cancellationToken) => inner.FindAsync(registrationId, key, cancellationToken);
    public Task<OutboxMessage> ReplaceAsync(OutboxMessage message, CancellationToken cancellationToken) => inner.ReplaceAsync(message, cancellationToken);
    public Task<IReadOnlyList<OutboxMessage>> ListForRegistrationAsync(RegistrationId registrationId, CancellationToken cancellationToken) => inner.ListForRegistrationAsync(registrationId, cancellationToken);
    public Task<IReadOnlyList<OutboxMessage>> ListRecentAsync(int maxCount, CancellationToken cancellationToken) => inner.ListRecentAsync(maxCount, cancellationToken);
    public Task<ContactLog> GetContactLogAsync(RegistrationId registrationId, NotificationChannel channel, CancellationToken cancellationToken) => inner.GetContactLogAsync(registrationId, channel, cancellationToken);
    public Task<ContactLog> SaveContactLogAsync(ContactLog log, CancellationToken cancellationToken) => inner.SaveContactLogAsync(log, cancellationToken);
}

/// <summary>
/// One dispatcher's view: it lists only the due messages <paramref name="mine"/> accepts, and its first history
/// read waits at <paramref name="barrier"/> until the other dispatcher has read its history too, so both decide
/// before either claims.
/// </summary>
internal sealed class SplitOutbox(INotificationOutbox inner, Func<OutboxMessage, bool> mine, Barrier barrier) : INotificationOutbox
{
    private int _historyReads;

    public async Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset nowUtc, int maxCount, CancellationToken cancellationToken) =>
        (await inner.ListDueAsync(nowUtc, maxCount, cancellationToken)).Where(mine).ToList();

    public async Task<IReadOnlyList<OutboxMessage>> ListForRegistrationAsync(RegistrationId registrationId, CancellationToken cancellationToken)
    {
        var list = await inner.ListForRegistrationAsync(registrationId, cancellationToken);
        if (Interlocked.Increment(ref _historyReads) == 1)
            await Task.Run(() => barrier.SignalAndWait(TimeSpan.FromSeconds(30), cancellationToken), cancellationToken);
        return list;
    }

    public Task<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) => inner.EnqueueAsync(message, cancellationToken);
    public Task<OutboxMessage?> FindAsync(RegistrationId registrationId, MessageKey key, CancellationToken cancellationToken) => inner.FindAsync(registrationId, key, cancellationToken);
    public Task<OutboxMessage> ReplaceAsync(OutboxMessage message, CancellationToken cancellationToken) => inner.ReplaceAsync(message, cancellationToken);
    public Task<IReadOnlyList<OutboxMessage>> ListRecentAsync(int maxCount, CancellationToken cancellationToken) => inner.ListRecentAsync(maxCount, cancellationToken);
    public Task<ContactLog> GetContactLogAsync(RegistrationId registrationId, NotificationChannel channel, CancellationToken cancellationToken) => inner.GetContactLogAsync(registrationId, channel, cancellationToken);
    public Task<ContactLog> SaveContactLogAsync(ContactLog log, CancellationToken cancellationToken) => inner.SaveContactLogAsync(log, cancellationToken);
}

/// <summary>The local Cosmos emulator (COSMOS_ENDPOINT, default https://127.0.0.1:8081/), one fresh database per fixture.</summary>
internal static class LocalCosmos
{
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    public static Uri Endpoint => new(Environment.GetEnvironmentVariable("COSMOS_ENDPOINT") ?? "https://127.0.0.1:8081/");

    public static async Task<CosmosDatabaseProvider> CreateAsync()
    {
        // The emulator encodes resource ids in plain base64, so about one database in 64 gets a '/' in its rid;
        // the SDK then builds broken rid-based paths and reports "GetTargetPartitionKeyRanges ... failed due to
        // stale cache" (404). Such a database is skipped here (reported to the emulator's owner).
        for (var tries = 0; ; tries++)
        {
            var provider = await CreateOnceAsync();
            var container = await provider.ContainerAsync(CosmosContainers.Outbox, CancellationToken.None);
            var properties = (await container.ReadContainerAsync()).Resource;
            if (properties.SelfLink.Split('/', StringSplitOptions.RemoveEmptyEntries).Length == 4 || tries == 5) return provider;
            await provider.DisposeAsync();
        }
    }

    private static async Task<CosmosDatabaseProvider> CreateOnceAsync()
    {
        var options = Options.Create(new CosmosOptions
        {
            Endpoint = Endpoint,
            Key = EmulatorKey,
            Database = $"notifications-{Guid.NewGuid():N}",
            CreateIfMissing = true,
        });
        var provider = new CosmosDatabaseProvider(options, new DefaultAzureCredential());
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await provider.EnsureReadyAsync(cts.Token);
        }
        catch (Exception e)
        {
            await provider.DisposeAsync();
            throw new InvalidOperationException(
                $"The Cosmos emulator at {Endpoint} did not answer. Start it with tools/emulators/start.sh cosmos and set COSMOS_ENDPOINT.", e);
        }
        return provider;
    }
}

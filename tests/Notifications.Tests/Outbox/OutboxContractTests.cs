using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Cosmos;
using PatientAccess.Integrations.Notifications;

namespace PatientAccess.Notifications.Tests.Outbox;

/// <summary>The INotificationOutbox contract, run against every implementation.</summary>
public abstract class OutboxContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 6, 10, 15, 0, 0, TimeSpan.Zero);

    protected abstract INotificationOutbox Outbox { get; }

    internal static OutboxMessage Message(RegistrationId registration, int sequence = 1, DateTimeOffset? createdUtc = null,
        NotificationChannel channel = NotificationChannel.Sms, string facility = "Mercy General", DateTimeOffset? sendAfterUtc = null)
    {
        var rendered = NotificationTemplates.Render(MessagePurpose.CardNeeded, channel, MessageLanguage.English,
            new TemplateValues(facility, new Uri("https://pa.example.org/r/Xy7Kp2Qm")));
        return OutboxMessage.Create(registration, sequence, "patient", rendered, createdUtc ?? T0, sendAfterUtc);
    }

    protected static RegistrationId NewRegistration() => RegistrationId.New(Guid.NewGuid());

    [Fact]
    public async Task EnqueueAsync_SameKeyTwice_StoresOneAndReturnsTheFirst()
    {
        var reg = NewRegistration();
        var first = await Outbox.EnqueueAsync(Message(reg), CancellationToken.None);
        var second = await Outbox.EnqueueAsync(Message(reg, facility: "Other Clinic", createdUtc: T0.AddHours(1)), CancellationToken.None);

        Assert.NotNull(first.ETag);
        Assert.Equal(first.Key, second.Key);
        Assert.Equal(first.ETag, second.ETag);
        Assert.StartsWith("Mercy General:", second.Body, StringComparison.Ordinal);
        Assert.Single(await Outbox.ListForRegistrationAsync(reg, CancellationToken.None));
    }

    [Fact]
    public async Task EnqueueAsync_SameKeyConcurrently_StoresOne()
    {
        var reg = NewRegistration();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Outbox.EnqueueAsync(Message(reg), CancellationToken.None))));
        Assert.Single(results.Select(r => r.ETag).Distinct());
        Assert.Single(await Outbox.ListForRegistrationAsync(reg, CancellationToken.None));
    }

    [Fact]
    public async Task EnqueueAsync_RoundTripsEveryField()
    {
        var reg = NewRegistration();
        var original = Message(reg, channel: NotificationChannel.Email, sendAfterUtc: T0.AddMinutes(5));
        var stored = await Outbox.EnqueueAsync(original, CancellationToken.None);
        var found = await Outbox.FindAsync(reg, original.Key, CancellationToken.None);
        Assert.Equal(original with { ETag = stored.ETag }, found);
    }

    [Fact]
    public async Task FindAsync_Missing_ReturnsNull() =>
        Assert.Null(await Outbox.FindAsync(NewRegistration(), Message(NewRegistration()).Key, CancellationToken.None));

    [Fact]
    public async Task ReplaceAsync_CurrentETag_WritesAndChangesETag()
    {
        var stored = await Outbox.EnqueueAsync(Message(NewRegistration()), CancellationToken.None);
        var claimed = await Outbox.ReplaceAsync(stored.Claim("d1", T0, TimeSpan.FromMinutes(2)), CancellationToken.None);
        Assert.NotEqual(stored.ETag, claimed.ETag);
        var found = await Outbox.FindAsync(stored.RegistrationId, stored.Key, CancellationToken.None);
        Assert.Equal((OutboxStatus.Sending, "d1", claimed.ETag), (found!.Status, found.ClaimedBy, found.ETag));
    }

    [Fact]
    public async Task ReplaceAsync_StaleETag_IsAConcurrencyConflict()
    {
        var stored = await Outbox.EnqueueAsync(Message(NewRegistration()), CancellationToken.None);
        await Outbox.ReplaceAsync(stored.Claim("d1", T0, TimeSpan.FromMinutes(2)), CancellationToken.None);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Outbox.ReplaceAsync(stored.Claim("d2", T0, TimeSpan.FromMinutes(2)), CancellationToken.None));
    }

    [Fact]
    public async Task ReplaceAsync_MissingMessage_IsNotFound()
    {
        var never = Message(NewRegistration()) with { ETag = "\"0\"" };
        await Assert.ThrowsAsync<NotFoundException>(() => Outbox.ReplaceAsync(never, CancellationToken.None));
    }

    [Fact]
    public async Task ListDueAsync_ReturnsPendingDueAndLapsedClaimsOnly()
    {
        var reg = NewRegistration();
        var due = await Outbox.EnqueueAsync(Message(reg, 1, sendAfterUtc: T0.AddMinutes(-1)), CancellationToken.None);
        var future = await Outbox.EnqueueAsync(Message(reg, 2, sendAfterUtc: T0.AddMinutes(1)), CancellationToken.None);
        var lapsed = await Outbox.ReplaceAsync((await Outbox.EnqueueAsync(Message(reg, 3, sendAfterUtc: T0.AddMinutes(-10)), CancellationToken.None))
            .Claim("dead", T0.AddMinutes(-10), TimeSpan.FromMinutes(2)), CancellationToken.None);
        var active = await Outbox.ReplaceAsync((await Outbox.EnqueueAsync(Message(reg, 4, sendAfterUtc: T0.AddMinutes(-1)), CancellationToken.None))
            .Claim("alive", T0.AddMinutes(-1), TimeSpan.FromMinutes(2)), CancellationToken.None);
        var sent = await Outbox.ReplaceAsync((await Outbox.EnqueueAsync(Message(reg, 5, sendAfterUtc: T0.AddMinutes(-5)), CancellationToken.None))
            .Claim("d", T0.AddMinutes(-5), TimeSpan.FromMinutes(2)).MarkSent("p", T0.AddMinutes(-5)), CancellationToken.None);

        var list = await Outbox.ListDueAsync(T0, 100, CancellationToken.None);
        var keys = list.Where(m => m.RegistrationId == reg).Select(m => m.Key).ToList();

        Assert.Equal([lapsed.Key, due.Key], keys); // lapsed claim ended at T0-8min, due at T0-1min: oldest first
        Assert.DoesNotContain(future.Key, keys);
        Assert.DoesNotContain(active.Key, keys);
        Assert.DoesNotContain(sent.Key, keys);
        Assert.All(list, m => Assert.NotNull(m.ETag));
    }

    [Fact]
    public async Task ContactLog_CreateThenReplaceWithETag_AndConflictsOnStaleOrDoubleCreate()
    {
        var reg = NewRegistration();
        var empty = await Outbox.GetContactLogAsync(reg, NotificationChannel.Sms, CancellationToken.None);
        Assert.Null(empty.ETag);
        Assert.Empty(empty.Entries);

        var m1 = Message(reg, 1);
        var m2 = Message(reg, 2);
        var created = await Outbox.SaveContactLogAsync(empty.Record(m1.Key, m1.Purpose, T0), CancellationToken.None);
        Assert.NotNull(created.ETag);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Outbox.SaveContactLogAsync(empty.Record(m2.Key, m2.Purpose, T0), CancellationToken.None));

        var replaced = await Outbox.SaveContactLogAsync(created.Record(m2.Key, m2.Purpose, T0.AddDays(1)), CancellationToken.None);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Outbox.SaveContactLogAsync(created.Record(m2.Key, m2.Purpose, T0.AddDays(1)), CancellationToken.None));

        var read = await Outbox.GetContactLogAsync(reg, NotificationChannel.Sms, CancellationToken.None);
        Assert.Equal(replaced.ETag, read.ETag);
        Assert.Equal([(m1.Key, T0), (m2.Key, T0.AddDays(1))], read.Entries.Select(e => (e.Key, e.AtUtc)));
        Assert.Null((await Outbox.GetContactLogAsync(reg, NotificationChannel.Email, CancellationToken.None)).ETag);

        // The log is not a message: listings ignore it.
        Assert.Empty(await Outbox.ListForRegistrationAsync(reg, CancellationToken.None));
        Assert.DoesNotContain(await Outbox.ListRecentAsync(100, CancellationToken.None), m => m.RegistrationId == reg);
    }

    [Fact]
    public async Task ListRecentAsync_NewestFirstAndAtMostN()
    {
        var reg = NewRegistration();
        for (var i = 1; i <= 4; i++) await Outbox.EnqueueAsync(Message(reg, i, createdUtc: T0.AddYears(5).AddMinutes(i)), CancellationToken.None);
        var recent = await Outbox.ListRecentAsync(3, CancellationToken.None);
        Assert.Equal([4, 3, 2], recent.Select(m => m.Sequence));
    }
}

public sealed class InMemoryOutboxTests : OutboxContractTests
{
    protected override INotificationOutbox Outbox { get; } = new InMemoryNotificationOutbox();
}

public sealed class CosmosOutboxTests : OutboxContractTests, IAsyncLifetime
{
    private CosmosDatabaseProvider _provider = null!;
    private INotificationOutbox _outbox = null!;

    protected override INotificationOutbox Outbox => _outbox;

    public async Task InitializeAsync()
    {
        _provider = await LocalCosmos.CreateAsync();
        _outbox = new CosmosNotificationOutbox(_provider);
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    [Fact]
    public async Task StoredDocument_HasIdEqualToKeyAndPartitionByRegistration()
    {
        var message = await Outbox.EnqueueAsync(Message(NewRegistration()), CancellationToken.None);
        var container = await _provider.ContainerAsync(CosmosContainers.Outbox, CancellationToken.None);
        using var read = await container.ReadItemStreamAsync(message.Key.Value, new Microsoft.Azure.Cosmos.PartitionKey(message.RegistrationId.Value));
        Assert.Equal(System.Net.HttpStatusCode.OK, read.StatusCode);
        using var doc = await System.Text.Json.JsonDocument.ParseAsync(read.Content);
        Assert.Equal(message.Key.Value, doc.RootElement.GetProperty("id").GetString());
        Assert.Equal(message.RegistrationId.Value, doc.RootElement.GetProperty("registrationId").GetString());
        Assert.Equal("Pending", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(message.SendAfterUtc.ToUnixTimeMilliseconds(), doc.RootElement.GetProperty("dueAtMs").GetInt64());
    }
}

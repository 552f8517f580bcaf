using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Audit;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow.Tests;

public class ConcurrencyTests
{
    private static async Task<(ServiceProvider Services, Registration Registration)> StoredRegistrationAsync()
    {
        var services = new ServiceCollection().AddLogging().AddEmulatorStores(TestServers.NewDatabaseName("cc")).BuildServiceProvider();
        var registration = Samples.Form().Validate(RegistrationId.New(Guid.NewGuid()), DateTimeOffset.UtcNow);
        Assert.True(await services.GetRequiredService<IRegistrationStore>().TryCreateAsync(registration, CancellationToken.None));
        return (services, registration);
    }

    [Fact]
    public async Task Replace_TwoWritersWithTheSameETag_OneWinsTheOtherConflicts()
    {
        var (services, registration) = await StoredRegistrationAsync();
        await using var _ = services;
        var store = services.GetRequiredService<IRegistrationStore>();
        var a = await store.GetAsync(registration.Id, CancellationToken.None);
        var b = await store.GetAsync(registration.Id, CancellationToken.None);
        Assert.Equal(a.ETag, b.ETag);

        a.Value.Advance(ClearanceStage.AwaitingCard, "writer-a", "done", null, DateTimeOffset.UtcNow);
        b.Value.Advance(ClearanceStage.AwaitingCard, "writer-b", "done", null, DateTimeOffset.UtcNow);
        await store.ReplaceAsync(a.Value, a.ETag, CancellationToken.None);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.ReplaceAsync(b.Value, b.ETag, CancellationToken.None));

        var stored = await store.GetAsync(registration.Id, CancellationToken.None);
        Assert.Equal(["writer-a"], stored.Value.Steps.Select(s => s.Step));
    }

    [Fact]
    public async Task Update_ConcurrentUpdaters_BothChangesLandExactlyOnce()
    {
        var (services, registration) = await StoredRegistrationAsync();
        await using var _ = services;
        var updater = services.GetRequiredService<RegistrationUpdater>();

        // Ten updaters race on the same document: each re-reads on a 412 and re-applies its own change.
        var tasks = Enumerable.Range(0, 10).Select(i => updater.UpdateAsync(
            registration.Id,
            r => r.Advance(ClearanceStage.AwaitingCard, $"racer-{i}", "done", null, DateTimeOffset.UtcNow),
            $"racer {i}",
            CancellationToken.None)).ToList();
        var results = await Task.WhenAll(tasks.Select(async t =>
        {
            try { return await t; }
            catch (ConcurrencyConflictException) { return false; }
        }));

        var stored = await services.GetRequiredService<IRegistrationStore>().GetAsync(registration.Id, CancellationToken.None);
        var written = stored.Value.Steps.Select(s => s.Step).ToList();
        Assert.Equal(written.Count, written.Distinct().Count());
        Assert.Equal(results.Count(r => r), written.Count);
        Assert.True(written.Count >= 5, $"most racers should land within their retries, got {written.Count}");
        var audit = await services.GetRequiredService<IAuditTrail>().ListAsync(registration.Id.Value, CancellationToken.None);
        Assert.Equal(written.Count, audit.Count(e => e.Action.StartsWith("racer", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AuditAppend_SameIdTwice_StoresOne()
    {
        var (services, registration) = await StoredRegistrationAsync();
        await using var _ = services;
        var audit = services.GetRequiredService<IAuditTrail>();
        var entry = new AuditEntry(RegistrationUpdater.AuditId(registration.Id.Value, "x"), registration.Id.Value, "test", "x", DateTimeOffset.UtcNow);
        await audit.AppendAsync(entry, CancellationToken.None);
        await audit.AppendAsync(entry, CancellationToken.None);
        Assert.Single(await audit.ListAsync(registration.Id.Value, CancellationToken.None));
    }
}

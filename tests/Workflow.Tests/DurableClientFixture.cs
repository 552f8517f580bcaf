using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// A real in-process Durable client (the test host's sidecar, no orchestrations registered) for operations that take
/// one. Raising an event to an instance that does not exist is accepted and changes nothing, as in Azure.
/// </summary>
public sealed class DurableClientFixture : IAsyncLifetime
{
    private DurableTaskTestHost? _host;

    public DurableTaskClient Client => _host?.Client ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() =>
        _host = await DurableTaskTestHost.StartAsync(registry => registry.AddClearance());

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}

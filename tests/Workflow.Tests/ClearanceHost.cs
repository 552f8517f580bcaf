using Microsoft.Extensions.Configuration;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// The clearance in the in-process Durable test host with its real activities over the Cosmos emulator.
/// </summary>
public sealed class ClearanceHost : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;

    private ClearanceHost(DurableTaskTestHost host) => _host = host;

    public DurableTaskClient Client => _host.Client;
    public IServiceProvider Services => _host.Services;
    public RegistrationOperations Registrations => Services.GetRequiredService<RegistrationOperations>();
    public WorklistOperations Worklist => Services.GetRequiredService<WorklistOperations>();
    public IRegistrationStore Store => Services.GetRequiredService<IRegistrationStore>();

    /// <param name="tasks">The orchestrators and activities; <see cref="ClearanceRegistry.AddClearance"/> when null.</param>
    /// <param name="settings">Configuration over the emulator settings, as a host's app settings (e.g. Clinic:TimeZone).</param>
    public static async Task<ClearanceHost> StartAsync(ILoggerProvider? logs = null, Action<IServiceCollection>? configure = null,
        Action<Microsoft.DurableTask.DurableTaskRegistry>? tasks = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = TestServers.NewDatabaseName("wf");
        var loggerFactory = logs is null ? null : LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var host = await DurableTaskTestHost.StartAsync(
            tasks ?? (registry => registry.AddClearance()),
            new DurableTaskTestHostOptions
            {
                Port = FreePort(),
                LoggerFactory = loggerFactory,
                ConfigureServices = services =>
                {
                    if (logs is not null) services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
                    services.AddEmulatorStores(database, settings);
                    configure?.Invoke(services);
                },
            });
        return new ClearanceHost(host);
    }

    /// <summary>A host with real card intake (Azurite + Tesseract) and the given card deadline.</summary>
    public static Task<ClearanceHost> StartWithCardIntakeAsync(TimeSpan cardWait) =>
        StartAsync(configure: services =>
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CardStorage:connectionString"] = TestServers.AzuriteConnection,
            }).Build();
            PatientAccess.Integrations.DependencyInjection.AddCardIntake(services, configuration);
            services.PostConfigure<ClearanceOptions>(o => o.CardWaitTimeout = cardWait);
        });

    public Task<RegistrationStatus> WaitForStageAsync(RegistrationId id, ClearanceStage stage, TimeSpan? timeout = null) =>
        WaitForAsync(id, s => s.Stage == stage, stage.ToString(), timeout);

    public async Task<RegistrationStatus> WaitForAsync(RegistrationId id, Func<RegistrationStatus, bool> condition, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        RegistrationStatus? last = null;
        while (!cts.IsCancellationRequested)
        {
            last = await Registrations.GetStatusAsync(id, cts.Token);
            if (condition(last)) return last;
            await Task.Delay(100, CancellationToken.None);
        }
        throw new TimeoutException($"Registration stayed at {last?.Stage} instead of reaching {what}.");
    }

    /// <summary>A free loopback port, chosen here so parallel test hosts never pick the same random one.</summary>
    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task<OrchestrationMetadata> WaitForCompletionAsync(RegistrationId id, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(id.ClearanceInstanceId, getInputsAndOutputs: true, cts.Token);
    }

    /// <summary>
    /// Stops the host. The test host's sidecar waits (up to an hour) for an activity that was dispatched to
    /// a worker that has already stopped, which happens when a test ends while a clearance is still moving
    /// (e.g. a deadline timer fires during shutdown). Ending the clearances first and bounding the wait keeps
    /// the suite fast; a host that does not stop in time is abandoned, not awaited.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await foreach (var instance in Client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending] }))
            {
                await Client.TerminateInstanceAsync(instance.InstanceId);
            }
            await _host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // See the summary: an in-flight activity of a stopped worker never completes in the test host.
        }
    }
}

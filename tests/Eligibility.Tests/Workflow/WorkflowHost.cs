using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Eligibility.Tests.Infrastructure;
using PatientAccess.Integrations;
using PatientAccess.Integrations.Eligibility;
using PatientAccess.Workflow;
using PatientAccess.Workflow.Eligibility;

namespace PatientAccess.Eligibility.Tests.Workflow;

/// <summary>
/// The eligibility orchestrator and activity in the in-process Durable test host, with the real adapters over the
/// in-process sandbox, the Cosmos emulator (a database per run) and Azurite.
/// </summary>
public abstract class WorkflowHost(ClearinghouseMode mode) : IAsyncLifetime
{
    private DurableTaskTestHost? _host;

    public SandboxHost Sandbox { get; } = new();

    /// <summary>Every log record of the worker host (activities, adapters, Durable worker).</summary>
    public FakeLogCollector Logs { get; } = new();

    public ClearinghouseMode Mode => mode;

    public IRegistrationStore Registrations => _host!.Services.GetRequiredService<IRegistrationStore>();

    public IAuditTrail Audit => _host!.Services.GetRequiredService<IAuditTrail>();

    public DurableTaskClient Client => _host!.Client;

    public async Task InitializeAsync()
    {
        await Sandbox.InitializeAsync();
        var settings = Gateways.Settings(Sandbox.BaseAddress, mode);
        settings["Cosmos:Endpoint"] = LocalServers.CosmosEndpoint;
        settings["Cosmos:Key"] = LocalServers.CosmosWellKnownKey;
        settings["Cosmos:Database"] = "eligibility-tests-" + Guid.NewGuid().ToString("N")[..10];
        settings["Cosmos:CreateIfMissing"] = "true";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _host = await DurableTaskTestHost.StartAsync(
            r => r.AddOrchestrator<EligibilityOrchestrator>().AddActivity<CheckEligibilityActivity>().AddOrchestrator<ParentOrchestrator>(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(Logs)));
                    services.AddSingleton(TimeProvider.System);
                    services.AddCosmosStores();
                    services.AddEligibility(configuration);
                    services.AddSingleton<RegistrationUpdater>();
                },
            });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await Sandbox.DisposeAsync();
    }

    /// <summary>Stores the registration, runs the orchestrator to completion and returns its metadata (input and output included).</summary>
    public async Task<OrchestrationMetadata> RunAsync(Registration registration, int maxAttempts = 4)
    {
        Assert.True(await Registrations.TryCreateAsync(registration, CancellationToken.None));
        var instanceId = "eligibility-" + registration.Id.Value;
        await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(EligibilityOrchestrator),
            new EligibilityInput(registration.Id.Value, maxAttempts, TimeSpan.FromSeconds(1)),
            new StartOrchestrationOptions(instanceId));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var metadata = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        return metadata;
    }

    /// <summary>The audit blobs of one registration's eligibility answers, oldest first.</summary>
    public static async Task<List<string>> AuditBlobsAsync(RegistrationId id)
    {
        var container = new BlobServiceClient(LocalServers.AzuriteConnectionString).GetBlobContainerClient(EligibilityAudit.Container);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, id.Value + "/", CancellationToken.None)) names.Add(blob.Name);
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}

public sealed class CoreWorkflowHost() : WorkflowHost(ClearinghouseMode.Core);

public sealed class JsonWorkflowHost() : WorkflowHost(ClearinghouseMode.Json);

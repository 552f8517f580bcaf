using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using PatientAccess.Workflow;

namespace PatientAccess.LocalHost;

/// <summary>
/// Durable Task without the Functions host: the public TaskHubGrpcServer sidecar over the Azure Storage backend on
/// Azurite (durable across a kill -9), reached only over the private <see cref="EngineSocket"/>, with the worker and the
/// client on separate gRPC channels.
/// </summary>
public static class DurableTaskLocal
{
    /// <summary>
    /// How long a dequeued activity message stays invisible; <see cref="SidecarOrchestrationService"/> renews it every
    /// third of that while the activity runs, so a message held by a killed process is back within this time.
    /// </summary>
    public static readonly TimeSpan ActivityMessageLock = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The same for orchestration (control-queue) messages: a process killed mid-episode leaves the orchestration's
    /// messages invisible this long. Episodes take milliseconds here; the default is 5 minutes.
    /// </summary>
    public static readonly TimeSpan OrchestrationMessageLock = TimeSpan.FromSeconds(20);

    public static IServiceCollection AddLocalDurableTask(this IServiceCollection services, LocalHostOptions options, EngineSocket engine)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engine);
        services.AddSingleton(provider => new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(options.StorageConnectionString),
            // The default of 30 s makes timers and events late; locally we want the demo to move.
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            PartitionCount = 1,
            ControlQueueVisibilityTimeout = OrchestrationMessageLock,
            WorkItemQueueVisibilityTimeout = ActivityMessageLock,
            // One stable worker id: after a kill -9 the next process takes its own leases back at once.
            WorkerId = $"localhost-{options.ApiPort}",
            // Without it the backend logs nothing (its default is a no-op), not even a message it cannot read.
            LoggerFactory = provider.GetRequiredService<ILoggerFactory>(),
        }));
        services.AddSingleton(provider => new SidecarOrchestrationService(
            provider.GetRequiredService<AzureStorageOrchestrationService>(), ActivityMessageLock, provider.GetRequiredService<ILogger<SidecarOrchestrationService>>()));
        services.AddSingleton<IOrchestrationService>(provider => provider.GetRequiredService<SidecarOrchestrationService>());
        services.AddSingleton<IOrchestrationServiceClient>(provider => provider.GetRequiredService<AzureStorageOrchestrationService>());
        services.AddSingleton<TaskHubGrpcServer>();
        services.AddGrpc();

        // Separate channels: the worker's long-lived work-item stream must not starve client calls.
        var workerChannel = engine.CreateChannel();
        var clientChannel = engine.CreateChannel();
        services.AddDurableTaskWorker(builder =>
        {
            builder.UseGrpc(workerChannel);
            builder.AddTasks(registry =>
            {
                registry.AddClearance();
                if (options.BenchmarkBaseline) registry.AddBenchmarkBaseline();
            });
        });
        services.AddDurableTaskClient(builder => builder.UseGrpc(clientChannel));
        return services;
    }
}

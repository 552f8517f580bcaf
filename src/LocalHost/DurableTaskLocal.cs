using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using PatientAccess.Workflow;

namespace PatientAccess.LocalHost;

/// <summary>
/// Durable Task without the Functions host: the public TaskHubGrpcServer sidecar over the Azure Storage
/// backend on Azurite (durable across a kill -9), with the worker and the client on separate gRPC channels.
/// </summary>
public static class DurableTaskLocal
{
    public static IServiceCollection AddLocalDurableTask(this IServiceCollection services, LocalHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(options.StorageConnectionString),
            // The default of 30 s makes timers and events late; locally we want the demo to move.
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            PartitionCount = 1,
            // A process killed while it held an orchestration's message (say, mid-episode after an activity
            // returned) leaves that message invisible for this long; the next process cannot move the
            // orchestration until it reappears. The default is 5 minutes; episodes here take milliseconds.
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(20),
            // One stable worker id: after a kill -9 the next process takes its own leases back at once.
            WorkerId = $"localhost-{options.ApiPort}",
        };
        var orchestrationService = new AzureStorageOrchestrationService(settings);
        services.AddSingleton(orchestrationService);
        services.AddSingleton<IOrchestrationService>(orchestrationService);
        services.AddSingleton<IOrchestrationServiceClient>(orchestrationService);
        services.AddSingleton<TaskHubGrpcServer>();
        services.AddGrpc();

        var address = new Uri($"http://127.0.0.1:{options.SidecarPort}");
        // Separate channels: the worker's long-lived work-item stream must not starve client calls.
        var workerChannel = GrpcChannel.ForAddress(address);
        var clientChannel = GrpcChannel.ForAddress(address);
        services.AddDurableTaskWorker(builder =>
        {
            builder.UseGrpc(workerChannel);
            builder.AddTasks(registry => registry.AddClearance());
        });
        services.AddDurableTaskClient(builder => builder.UseGrpc(clientChannel));
        return services;
    }
}

using System.ComponentModel.DataAnnotations;

namespace PatientAccess.LocalHost;

/// <summary>Settings of the local host (section "LocalHost"). Defaults match tools/emulators.</summary>
public sealed class LocalHostOptions
{
    public const string Section = "LocalHost";

    /// <summary>The API key every /api request must send in X-Api-Key. Generated and printed at start-up when empty.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Azurite (or any storage account) connection string for the Durable Task backend and card blobs.</summary>
    [Required]
    public string StorageConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Task hub name; deliberately different from the Functions app's hub.</summary>
    [Required]
    public string TaskHub { get; set; } = "PatientAccessLocal";

    /// <summary>Port of the HTTP API (7071 is the port `func start` uses).</summary>
    [Range(1, 65535)]
    public int ApiPort { get; set; } = 7071;

    /// <summary>
    /// Benchmark only, off by default: registers the empty baseline orchestration of benchmarks/clearance-throughput.sh
    /// and maps POST /benchmark/baseline to start it (<see cref="BenchmarkBaseline"/>). Never set it in a deployment.
    /// </summary>
    public bool BenchmarkBaseline { get; set; }
}

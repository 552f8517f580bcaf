namespace PatientAccess.KillTest;

/// <summary>What one kill test runs against and how hard it kills.</summary>
public sealed record KillTestSettings
{
    public const string SandboxUsername = "sandbox";
    public const string SandboxPassword = "kill-test";

    /// <summary>The Cosmos emulator's well-known key (public, not a secret).</summary>
    public const string CosmosEmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    public required string RepoRoot { get; init; }
    public string Configuration { get; init; } = "Debug";

    public int Clearances { get; init; } = 200;
    public int Kills { get; init; } = 10;

    /// <summary>
    /// A kill comes this long (uniformly drawn between the two) after the LocalHost answered /health. It needs about 5 s
    /// after that to take its task hub's leases and start work, so the lower bound leaves it some time to work.
    /// </summary>
    public TimeSpan KillAfterMin { get; init; } = TimeSpan.FromSeconds(6);
    public TimeSpan KillAfterMax { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Submissions are spread over this long, so kills find clearances at every step.</summary>
    public TimeSpan SubmitOver { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after the last restart every registration must be final.</summary>
    public TimeSpan FinalWithin { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the checker waits for stragglers past <see cref="FinalWithin"/> before it gives up (to report the real time).</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>After every registration is final, the run watches this long for late, stale messages moving one back.</summary>
    public TimeSpan SettleFor { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan CardWait { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan FirstReminderAfter { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Every tenth clearance uploads a card photo (read by Tesseract); set 0 to upload none.</summary>
    public int CardEvery { get; init; } = 10;

    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>
    /// At each kill, wait (up to 60 s) before restarting until the messages the dead process held are visible again in
    /// Azurite, and record how long that took (<see cref="HeldMessages"/>). Restarts come later, so use a small run.
    /// </summary>
    public bool MeasureReturn { get; init; }

    public required int ApiPort { get; init; }
    public required Uri SandboxUrl { get; init; }
    public required string StorageConnectionString { get; init; }
    public required string CosmosEndpoint { get; init; }
    public string TaskHub { get; init; } = $"kill{Guid.NewGuid():N}"[..20];
    public string Database { get; init; } = $"kill-{Guid.NewGuid():N}";
    public string ApiKey { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>Starts the LocalHost with its benchmark-only baseline orchestration (benchmarks/clearance-throughput.sh).</summary>
    public bool BenchmarkBaseline { get; init; }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PatientAccess.X12.Benchmarks;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;

// --write-files DIR      writes small-271.x12, benefits-50-271.x12 and batch-20mb-271.x12 (for the node comparison)
// --throughput [--seconds N] FILE...   prints one JSON line per file and reader mode (MB/s, microseconds, bytes allocated)
// --loop tree|model|view|full N FILE   one reader mode N times (for a profiler or perf stat)
// anything else          BenchmarkDotNet, ShortRun job in process (e.g. --filter '*')
if (args.Length >= 2 && args[0] == "--write-files")
{
    Directory.CreateDirectory(args[1]);
    File.WriteAllBytes(Path.Combine(args[1], "small-271.x12"), SampleFiles.Small());
    File.WriteAllBytes(Path.Combine(args[1], "benefits-50-271.x12"), SampleFiles.FiftyBenefits());
    File.WriteAllBytes(Path.Combine(args[1], "batch-20mb-271.x12"), SampleFiles.Batch());
    return 0;
}

if (args.Length >= 1 && args[0] == "--throughput")
{
    var files = args.Skip(1).ToList();
    var seconds = 3.0;
    if (files.Count >= 2 && files[0] == "--seconds")
    {
        seconds = double.Parse(files[1], CultureInfo.InvariantCulture);
        files = files.Skip(2).ToList();
    }

    foreach (var file in files)
    {
        var bytes = File.ReadAllBytes(file);
        Measure(file, bytes, "tree (X12Reader.Parse)", () => X12Reader.Parse(bytes).Interchanges.Count, seconds);
        Measure(file, bytes, "in memory: 271 model + semantic view", () =>
        {
            var n = 0;
            foreach (var t in X12Reader.Parse(bytes).Transactions)
            {
                n += EligibilityInterpreter.Summarize(EligibilityReader.Read(t)).Members.Count;
            }

            return n;
        }, seconds);
        Measure(file, bytes, "streamed: 271 model + semantic view", () =>
        {
            using var reader = new X12StreamReader(new MemoryStream(bytes, writable: false));
            var n = 0;
            foreach (var t in reader.ReadTransactions())
            {
                n += EligibilityInterpreter.Summarize(EligibilityReader.Read(t)).Members.Count;
            }

            return n;
        }, seconds);
    }

    return 0;
}

if (args.Length == 4 && args[0] == "--loop")
{
    // One reader mode N times over one file, nothing else: for a profiler (perf, dotnet-trace) or `perf stat -e
    // instructions`, whose counts do not move with the load of a shared machine as times do.
    var bytes = File.ReadAllBytes(args[3]);
    var count = int.Parse(args[2], CultureInfo.InvariantCulture);
    var parsed = X12Reader.ParseSingleTransaction(bytes);
    var model = EligibilityReader.Read(parsed);
    Func<int> read = args[1] switch
    {
        "tree" => () => X12Reader.Parse(bytes).Interchanges.Count,
        "model" => () => EligibilityReader.Read(parsed).Sources.Count,
        "view" => () => EligibilityInterpreter.Summarize(model).Members.Count,
        "full" => () => EligibilityInterpreter.Summarize(EligibilityReader.Read(bytes)).Members.Count,
        _ => throw new ArgumentException("mode is tree, model, view or full"),
    };
    var n = 0;
    for (var i = 0; i < count; i++)
    {
        n += read();
    }

    return n > 0 ? 0 : 1;
}

// ShortRun in process: the machine is shared, so no separate benchmark build and few iterations.
BenchmarkSwitcher.FromAssembly(typeof(ReaderBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance)));
return 0;

static void Measure(string file, byte[] bytes, string mode, Func<int> read, double seconds)
{
    // Batches of about 200 ms. The machine is shared (load far above its 2 cores), so besides wall time each batch
    // records the process CPU time (user + system, all threads incl. GC), which load does not inflate.
    // Median batches are reported; node-x12/bench.js measures the same way.
    var warmup = Math.Clamp(2_000_000 / bytes.Length, 1, 200);
    for (var i = 0; i < warmup; i++)
    {
        read();
    }

    var watch = Stopwatch.StartNew();
    read();
    var once = watch.Elapsed.TotalSeconds;
    var perBatch = Math.Max(1, (int)(0.2 / Math.Max(once, 1e-7)));
    var wall = new List<double>();
    var cpu = new List<double>();
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var iterations = 0;
    var total = Stopwatch.StartNew();
    do
    {
        var cpuBefore = Environment.CpuUsage.TotalTime;
        watch.Restart();
        for (var i = 0; i < perBatch; i++)
        {
            read();
        }

        wall.Add(watch.Elapsed.TotalSeconds / perBatch);
        cpu.Add((Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds / perBatch);
        iterations += perBatch;
    }
    while (total.Elapsed.TotalSeconds < seconds || wall.Count < (once > 1 ? 1 : 3));

    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    wall.Sort();
    cpu.Sort();
    var wallMedian = wall[wall.Count / 2];
    var cpuMedian = cpu[cpu.Count / 2];
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        reader = "PatientAccess.X12 " + mode,
        file = Path.GetFileName(file),
        bytes = bytes.Length,
        iterations,
        cpuMbPerSecond = Math.Round(bytes.Length / cpuMedian / 1e6, 2),
        cpuMicrosecondsPerRead = Math.Round(cpuMedian * 1e6, 2),
        wallMbPerSecond = Math.Round(bytes.Length / wallMedian / 1e6, 2),
        wallMicrosecondsPerRead = Math.Round(wallMedian * 1e6, 2),
        allocatedBytesPerRead = allocated / iterations,
        peakWorkingSetMb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
    }));
}

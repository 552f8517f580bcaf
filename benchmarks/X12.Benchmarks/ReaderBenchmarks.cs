using BenchmarkDotNet.Attributes;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.X12.Benchmarks;

/// <summary>Reading 271s: envelope tree only, typed model, and typed model + semantic view.</summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private byte[] _small = [];
    private byte[] _fifty = [];
    private byte[] _batch = [];
    private X12Transaction? _smallTransaction;
    private EligibilityTransaction? _smallModel;
    private X12Transaction? _fiftyTransaction;
    private EligibilityTransaction? _fiftyModel;

    [GlobalSetup]
    public void Setup()
    {
        _small = SampleFiles.Small();
        _fifty = SampleFiles.FiftyBenefits();
        _batch = SampleFiles.Batch();
        _smallTransaction = X12Reader.ParseSingleTransaction(_small);
        _smallModel = EligibilityReader.Read(_smallTransaction);
        _fiftyTransaction = X12Reader.ParseSingleTransaction(_fifty);
        _fiftyModel = EligibilityReader.Read(_fiftyTransaction);
    }

    // The stages of a read, measured apart so the cost of each shows.
    [Benchmark(Description = "small 271: segments materialised, no envelope checks")]
    public int SmallSegments()
    {
        var tokenizer = new X12SegmentTokenizer(_small);
        var n = 0;
        while (tokenizer.TryRead(out var segment))
        {
            n += segment.ToSegment().ElementCount;
        }

        return n;
    }

    [Benchmark(Description = "small 271: 271 model from a parsed set")]
    public int SmallModelOnly() => EligibilityReader.Read(_smallTransaction!).Sources.Count;

    [Benchmark(Description = "small 271: semantic view from a 271 model")]
    public int SmallViewOnly() => EligibilityInterpreter.Summarize(_smallModel!).Members.Count;

    [Benchmark(Description = "50 benefit loops: envelope tree")]
    public int FiftyTree() => X12Reader.Parse(_fifty).Interchanges.Count;

    [Benchmark(Description = "50 benefit loops: 271 model from a parsed set")]
    public int FiftyModelOnly() => EligibilityReader.Read(_fiftyTransaction!).Sources.Count;

    [Benchmark(Description = "50 benefit loops: semantic view from a 271 model")]
    public int FiftyViewOnly() => EligibilityInterpreter.Summarize(_fiftyModel!).Members.Count;

    [Benchmark(Description = "small 271: envelope tree")]
    public int SmallTree() => X12Reader.Parse(_small).Interchanges.Count;

    [Benchmark(Description = "small 271: tree + 271 model + semantic view")]
    public int SmallSummary() => EligibilityInterpreter.Summarize(EligibilityReader.Read(_small)).Members.Count;

    [Benchmark(Description = "small 271: tokenizer only (no allocation)")]
    public int SmallTokens()
    {
        var tokenizer = new X12SegmentTokenizer(_small);
        var n = 0;
        while (tokenizer.TryRead(out var segment))
        {
            n += segment.Span.Length;
        }

        return n;
    }

    [Benchmark(Description = "50 benefit loops: tree + 271 model + semantic view")]
    public int FiftySummary() => EligibilityInterpreter.Summarize(EligibilityReader.Read(_fifty)).Members[0].Services.Count;

    [Benchmark(Description = "20 MB batch: streamed, 271 model per set")]
    public int BatchStreamed()
    {
        using var reader = new X12StreamReader(new MemoryStream(_batch, writable: false));
        var n = 0;
        foreach (var t in reader.ReadTransactions())
        {
            n += EligibilityReader.Read(t).Sources.Count;
        }

        return n;
    }
}

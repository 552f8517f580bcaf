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

    [GlobalSetup]
    public void Setup()
    {
        _small = SampleFiles.Small();
        _fifty = SampleFiles.FiftyBenefits();
        _batch = SampleFiles.Batch(20 * 1024 * 1024);
    }

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

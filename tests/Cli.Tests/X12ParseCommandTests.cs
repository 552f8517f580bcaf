using System.Globalization;
using System.Text.Json;

namespace PatientAccess.Cli.Tests;

public sealed class X12ParseCommandTests : IDisposable
{
    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Corpus");
    private static readonly string ExternalDirectory = Path.Combine(AppContext.BaseDirectory, "ExternalCorpus");
    private readonly string _temp = Directory.CreateTempSubdirectory("cli-tests-").FullName;

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(CorpusDirectory, "*.x12").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Parse_CorpusFile_PrintsCoverageAmountsAndAaa(string file)
    {
        var (code, output, error) = await Run("x12", "parse", Path.Combine(CorpusDirectory, file));
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(CorpusDirectory, Path.ChangeExtension(file, ".expected.json"))));

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        foreach (var status in expected.RootElement.GetProperty("members").EnumerateArray().GroupBy(m => m.GetProperty("status").GetString()))
        {
            Assert.Equal(status.Count(), Count(output, $"coverage: {status.Key} "));
        }

        foreach (var member in expected.RootElement.GetProperty("members").EnumerateArray())
        {
            foreach (var service in member.GetProperty("services").EnumerateObject())
            {
                Assert.Contains($"service {service.Name} ", output, StringComparison.Ordinal);
                foreach (var list in new[] { "copays", "deductibles", "outOfPocket" })
                {
                    foreach (var v in service.Value.GetProperty(list).EnumerateArray())
                    {
                        var amount = v.GetProperty("amount").GetDecimal().ToString("0.00", CultureInfo.InvariantCulture);
                        Assert.Contains($" {amount} ", output, StringComparison.Ordinal);
                    }
                }

                foreach (var v in service.Value.GetProperty("coinsurance").EnumerateArray())
                {
                    var percent = (v.GetProperty("percent").GetDecimal() * 100).ToString("0.##", CultureInfo.InvariantCulture);
                    Assert.Contains($"coinsurance {percent}% ", output, StringComparison.Ordinal);
                }
            }
        }

        foreach (var issue in expected.RootElement.GetProperty("issues").EnumerateArray())
        {
            Assert.Contains($"AAA {issue.GetProperty("code").GetString()} at {issue.GetProperty("location").GetString()}", output, StringComparison.Ordinal);
        }

        Assert.Equal(expected.RootElement.GetProperty("issues").GetArrayLength(), Count(output, "what to do: "));
    }

    [Fact]
    public async Task Parse_Json_PrintsJsonLinesCompactCamelCaseWithoutNullsOrEmptyLists()
    {
        var (code, output, _) = await Run("x12", "parse", Path.Combine(CorpusDirectory, "18-three-st-in-one-gs.x12"), "--json");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["interchange", "group", "transaction", "transaction", "transaction"], lines.Select(l => Kind(l)));
        var first = JsonDocument.Parse(lines[2]).RootElement;
        Assert.Equal("271", first.GetProperty("transactionSetId").GetString());
        Assert.Equal("1", first.GetProperty("group").GetString());
        Assert.Equal("Active", first.GetProperty("summary").GetProperty("members")[0].GetProperty("status").GetString());
        Assert.Equal("A1", first.GetProperty("model").GetProperty("sources")[0].GetProperty("receivers")[0].GetProperty("subscribers")[0].GetProperty("member").GetProperty("identification").GetString());
        Assert.Equal(JsonValueKind.String, first.GetProperty("interchange").ValueKind);
        Assert.DoesNotContain("\n  ", output, StringComparison.Ordinal);
        Assert.DoesNotContain(":null", output, StringComparison.Ordinal);
        Assert.DoesNotContain(":[]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"TransactionSetId\"", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SE*25*1000", "SE*25*1000~EB*1~SE*3*1")]
    [InlineData("IEA*1*", "ISA*1*")]
    [InlineData("GE*1*1~", "")]
    public async Task Parse_JsonOnFailingFile_EveryLineIsJsonAndTheLastSaysWhy(string find, string replace)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(CorpusDirectory, "01-active-ppo-star.x12"));
        var path = Path.Combine(_temp, "failing.x12");
        await File.WriteAllTextAsync(path, text.Replace(find, replace, StringComparison.Ordinal));

        var (code, output, error) = await Run("x12", "parse", path, "--json");

        Assert.Equal(2, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        var last = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.Equal("error", last.GetProperty("kind").GetString());
        Assert.True(last.GetProperty("segmentIndex").GetInt32() > 0);
        Assert.Contains(last.GetProperty("reason").GetString()!, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_BadCount_PrintsTheSetAndTheEnvelopeErrorAndExits2()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(CorpusDirectory, "01-active-ppo-star.x12"));
        var path = Path.Combine(_temp, "bad.x12");
        await File.WriteAllTextAsync(path, text.Replace("SE*25*1000", "SE*24*1000", StringComparison.Ordinal));

        var (code, output, error) = await Run("x12", "parse", path);

        Assert.Equal(2, code);
        Assert.Contains("segment 27 SE (byte 812): SE01 says 24 segments but the set has 25", error, StringComparison.Ordinal);
        Assert.Contains("envelope error: X12 error at segment 27 SE (byte 812): SE01 says 24 segments", output, StringComparison.Ordinal);
        Assert.Contains("coverage: Active", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_Ta1_PrintsTheAcknowledgment()
    {
        var file = Path.Combine(ExternalDirectory, "oopfactory-x12parser", "ta1-5010-rejected-crlf-terminator.txt");
        var (code, output, error) = await Run("x12", "parse", file);
        var (jsonCode, json, _) = await Run("x12", "parse", file, "--json");

        Assert.Equal((0, 0), (code, jsonCode));
        Assert.Equal(string.Empty, error);
        Assert.Contains("TA1 for interchange 900000001 (100624 1430): rejected (R), note 006: Invalid interchange sender ID", output, StringComparison.Ordinal);
        var line = JsonDocument.Parse(json).RootElement;
        Assert.Equal(("interchangeAcknowledgment", "R", "006"), (line.GetProperty("kind").GetString(), line.GetProperty("acknowledgmentCode").GetString(), line.GetProperty("noteCode").GetString()));
    }

    [Fact]
    public async Task Parse_Summary_CountsSetsStatusesAndAaa()
    {
        var (code, output, error) = await Run("x12", "parse", Path.Combine(CorpusDirectory, "19-two-gs-in-one-isa.x12"), "--summary");
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(CorpusDirectory, "19-two-gs-in-one-isa.expected.json")));
        var sets = expected.RootElement.GetProperty("transactions").GetInt32();
        var members = expected.RootElement.GetProperty("members").GetArrayLength();

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains($"interchanges 1, functional groups 2, transaction sets {sets} (271: {sets})", output, StringComparison.Ordinal);
        Assert.Contains($"271 members {members} (", output, StringComparison.Ordinal);
        Assert.Contains("envelope errors 0, warnings 0", output, StringComparison.Ordinal);
    }

    public static TheoryData<string> ExternalFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(ExternalDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!Path.GetFileName(f).StartsWith("LICENSE", StringComparison.Ordinal) && Path.GetFileName(f) != "manifest.json")
            {
                data.Add(Path.GetRelativePath(ExternalDirectory, f));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExternalFiles))]
    public async Task Parse_ExternalFile_TextAndJsonLinesAgree(string file)
    {
        var path = Path.Combine(ExternalDirectory, file);
        var (code, text, error) = await Run("x12", "parse", path);
        var (jsonCode, json, jsonError) = await Run("x12", "parse", path, "--json");

        Assert.Equal(code, jsonCode);
        Assert.Equal(error, jsonError);
        Assert.Equal(error.Length == 0 ? 0 : 2, code);
        var lines = json.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(lines, l => Kind(l) == "error");
        Assert.Equal(Count(text, " control "), lines.Count(l => Kind(l) == "transaction"));
        Assert.Equal(Count(text, "TA1 for interchange"), lines.Count(l => Kind(l) == "interchangeAcknowledgment"));
    }

    [Fact]
    public async Task Parse_NotX12_Exits2()
    {
        var path = Path.Combine(_temp, "junk.x12");
        await File.WriteAllTextAsync(path, "hello");

        var (code, _, error) = await Run("x12", "parse", path);

        Assert.Equal(2, code);
        Assert.Contains("segment 1 (byte 0): input does not start with an ISA segment", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_270_278_999_PrintsTheirViews()
    {
        var path = Path.Combine(_temp, "mixed.x12");
        const string Isa = "ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *060501*1319*^*00501*000000905*0*T*:~";
        await File.WriteAllTextAsync(path, Isa
            + "GS*HS*S*R*20060501*1319*1*X*005010X279A1~ST*270*1*005010X279A1~BHT*0022*13*R1*20060501*1319~HL*1**20*1~NM1*PR*2*ABC*****PI*1~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~HL*3*2*22*0~TRN*1*T1*9000000000~NM1*IL*1*DOE*JOHN****MI*M1~DMG*D8*19800101~EQ*30^98~SE*12*1~GE*1*1~"
            + "GS*HI*S*R*20060501*1319*2*X*005010X217~ST*278*2*005010X217~BHT*0007*11*R2*20060501*1319*18~HL*1**20*1~NM1*X3*2*UMO*****PI*1~HL*2*1*EV*0~UM*HS*I*2~HCR*A3**0V~SE*8*2~GE*1*2~"
            + "GS*FA*S*R*20060501*1319*3*X*005010X231A1~ST*999*3*005010X231A1~AK1*HS*1*005010X279A1~AK2*270*1~IK5*A~AK9*A*1*1*1~SE*6*3~GE*1*3~"
            + "IEA*3*000000905~");

        var (code, output, error) = await Run("x12", "parse", path);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains("subscriber: DOE, JOHN  member id M1  birth date 1980-01-01  trace T1", output, StringComparison.Ordinal);
        Assert.Contains("asks for service types 30,98", output, StringComparison.Ordinal);
        Assert.Contains("decision: NotCertified (A3)", output, StringComparison.Ordinal);
        Assert.Contains("set 270 1: accepted (A)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], 1)]
    [InlineData(new[] { "x12" }, 1)]
    [InlineData(new[] { "x12", "nope" }, 1)]
    [InlineData(new[] { "x12", "parse" }, 1)]
    [InlineData(new[] { "x12", "parse", "/no/such/file.x12" }, 1)]
    [InlineData(new[] { "x12", "parse", "f.x12", "--json", "--summary" }, 1)]
    [InlineData(new[] { "x12", "parse", "f.x12", "--jsn" }, 1)]
    [InlineData(new[] { "--help" }, 0)]
    public async Task Run_UsageProblems_ExitWithUsageCode(string[] args, int expected)
    {
        var (code, _, _) = await Run(args);

        Assert.Equal(expected, code);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string? Kind(string line)
    {
        using var json = JsonDocument.Parse(line);
        return json.RootElement.GetProperty("kind").GetString();
    }

    private static int Count(string text, string value)
    {
        var n = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

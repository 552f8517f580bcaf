using System.Globalization;
using System.Text.Json;

namespace PatientAccess.Cli.Tests;

/// <summary>
/// <c>estimate</c> over a corpus 271 (ACME HEALTH PPO: office visit copay 25.00, deductible 125.50 left of 500.00 with a
/// family balance of 900.00, coinsurance 20 %, out-of-pocket 2,750.00 left) and the sandbox hospital's price file.
/// </summary>
public sealed class EstimateCommandTests : IDisposable
{
    private static readonly string Active271 = Path.Combine(AppContext.BaseDirectory, "Corpus", "01-active-ppo-star.x12");
    private static readonly string SandboxPrices = Path.Combine(AppContext.BaseDirectory, "sandbox", "standard-charges.csv");
    private readonly string _temp = Directory.CreateTempSubdirectory("cli-estimate-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Estimate_271WithAllowedAmounts_PrintsEachLineItsStepsAndTheirSources()
    {
        // 99213: copay 25.00. 70551 1,200.00: deductible 125.50 + 20 % of 1,074.50 = 214.90 → 340.40. Total 365.40.
        var (code, output, error) = await Run("estimate", "--271", Active271, "--codes", "99213,70551", "--allowed", "99213=110", "--allowed", "70551=1200", "--date", "2026-06-15");

        Assert.Equal((0, string.Empty), (code, error));
        Assert.Contains("payer: ACME HEALTH   plan: GOLD PPO 500", output, StringComparison.Ordinal);
        Assert.Contains("patient total: 365.40", output, StringComparison.Ordinal);
        Assert.Contains("from 271 2110C EB #5 (EB*C*IND*30*PR**29*125.5*****Y)", output, StringComparison.Ordinal);
        Assert.Contains("from --allowed 70551=1,200.00", output, StringComparison.Ordinal);
        Assert.Contains("coinsurance 20 % of 1,074.50", output, StringComparison.Ordinal);
        Assert.Contains("family deductible: 900.00 remaining before, 774.50 after", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_Json_TotalAtTheTopAndOneEntryPerLineWithItsSources()
    {
        var (code, output, _) = await Run("estimate", "--271", Active271, "--codes", "99213,70551", "--allowed", "99213=110", "--allowed", "70551=1200", "--date", "2026-06-15", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(365.40m, root.GetProperty("total").GetDecimal());
        Assert.Equal("Complete", root.GetProperty("status").GetString());
        var lines = root.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(("70551", 125.50m, 214.90m, 340.40m, 859.60m), (lines[1].GetProperty("code").GetString(), lines[1].GetProperty("deductible").GetDecimal(),
            lines[1].GetProperty("coinsurance").GetDecimal(), lines[1].GetProperty("patientPays").GetDecimal(), lines[1].GetProperty("planPays").GetDecimal()));
        var sources = lines[1].GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("reference").GetString()).ToList();
        Assert.Contains("271 2110C EB #7 (EB*C*FAM*30*PR**29*900*****Y)", sources);
        Assert.Contains("--allowed 70551=1,200.00", sources);
        Assert.Equal(["Operator", "Eligibility", "Eligibility", "Eligibility"], lines[1].GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("kind").GetString()));
        Assert.Contains("25.00", lines[0].GetProperty("copay").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_WorkedExampleOfTheDocs_SandboxMemberAndPrices()
    {
        // docs/estimates.md: 99213 copay 25.00; 70551 1,200.00: deductible 600.00 + 20 % of 600.00 → 720.00; total 745.00.
        var (code, output, _) = await Run("estimate", "--271", Path.Combine(AppContext.BaseDirectory, "samples", "271-sandbox-active-ppo.x12"),
            "--codes", "99213,70551", "--prices", SandboxPrices, "--date", "2026-06-15");

        Assert.Equal(0, code);
        Assert.Contains("patient total: 745.00", output, StringComparison.Ordinal);
        Assert.Contains("from standard-charges.csv line 10 (SANDBOX PPO HEALTH PLAN / SANDBOX PPO GOLD, negotiated_dollar 1,200.00, fee schedule)", output, StringComparison.Ordinal);
        Assert.Contains("from 271 2110C EB #17 (EB*A*IND*62*****0.2***Y*Y)", output, StringComparison.Ordinal);
        Assert.Contains("family deductible: 2,100.00 remaining before, 1,500.00 after", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_SelfPayWithTheSandboxPrices_DiscountedCashPrices()
    {
        var (code, output, _) = await Run("estimate", "--self-pay", "--codes", "99213,70551", "--prices", SandboxPrices, "--date", "2026-06-15", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(1550.00m, json.RootElement.GetProperty("total").GetDecimal());
        Assert.Equal("SelfPay", json.RootElement.GetProperty("kind").GetString());
        Assert.All(json.RootElement.GetProperty("lines").EnumerateArray(), l => Assert.Equal("DiscountedCash", l.GetProperty("allowedBasis").GetString()));
    }

    [Fact]
    public async Task Estimate_NothingToPriceWith_NotEnoughInformationIsTheAnswer()
    {
        var (code, output, _) = await Run("estimate", "--271", Active271, "--codes", "70551", "--date", "2026-06-15", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("total").ValueKind);
        Assert.Equal("NotEnoughInformation", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("no price file and none given", json.RootElement.GetProperty("missing")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_PriceFileBreakingTheTemplate_LineNumberedErrorsAndExit2()
    {
        var lines = await File.ReadAllLinesAsync(SandboxPrices);
        lines[6] = lines[6].Replace(",fee schedule,", ",sometimes,", StringComparison.Ordinal);
        var broken = Path.Combine(_temp, "broken.csv");
        await File.WriteAllLinesAsync(broken, lines);

        var (code, _, error) = await Run("estimate", "--self-pay", "--codes", "99213", "--prices", broken);

        Assert.Equal(2, code);
        Assert.Contains("line 7: standard_charge|methodology: must be case rate, fee schedule", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("estimate", "--codes", "99213")]
    [InlineData("estimate", "--271", "x.x12", "--self-pay", "--codes", "99213")]
    [InlineData("estimate", "--self-pay", "--codes", "9921")]
    [InlineData("estimate", "--self-pay", "--codes", "99213", "--allowed", "99213=ten")]
    [InlineData("estimate", "--self-pay", "--codes", "99213", "--network", "sideways")]
    public async Task Estimate_BadArguments_UsageAndExit1(params string[] args)
    {
        var (code, _, error) = await Run(args);

        Assert.Equal(1, code);
        Assert.NotEqual(string.Empty, error);
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

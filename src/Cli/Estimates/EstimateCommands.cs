using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Prices;
using PatientAccess.Integrations.Eligibility;
using PatientAccess.Integrations.Estimates;
using PatientAccess.Integrations.Prices;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.Cli.Estimates;

/// <summary>
/// <c>estimate --271 FILE --codes 99213,70551 [--prices FILE] [--allowed CODE=AMOUNT ...] [--json]</c>: what the patient
/// of a 271 (X12 or the clearinghouse's JSON answer) would owe for these codes, line by line, with every number's
/// sources, by the same estimator the clearance uses. <c>--self-pay</c> instead of <c>--271</c> estimates an uninsured
/// patient (discounted cash prices). Codes are CPT/HCPCS (99213, J1885) or TYPE:CODE (MS-DRG:470 is inpatient).
/// The 271 stays on the operator's screen: nothing is logged.
/// </summary>
public static class EstimateCommands
{
    private const string Usage =
        "estimate --271 FILE | --self-pay  --codes 99213,70551 [--prices FILE] [--allowed CODE=AMOUNT ...] [--date YYYY-MM-DD] [--network in|out] [--json]";

    private static readonly JsonSerializerOptions JsonOutput = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static IReadOnlyList<CliCommand> Commands { get; } =
    [
        new("estimate", string.Empty, "estimate --271 FILE --codes ...", "what the patient of a 271 would owe for these codes, with sources", EstimateAsync),
    ];

    private static async Task<int> EstimateAsync(CommandContext context)
    {
        var args = Arguments.Parse(context.Arguments, flags: ["--json", "--self-pay"], repeatable: ["--allowed"]);
        if (args is null || args.Single("--codes") is not { } codesText || (args.Single("--271") is null) == !args.Has("--self-pay"))
        {
            await context.Error.WriteLineAsync("usage: " + Usage);
            return ExitCodes.Usage;
        }

        var codes = new List<BillingCode>();
        foreach (var text in codesText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!BillingCode.TryParse(text, out var code))
            {
                await context.Error.WriteLineAsync($"--codes: '{text}' is not a CPT/HCPCS code or TYPE:CODE (e.g. MS-DRG:470)");
                return ExitCodes.Usage;
            }
            codes.Add(code!);
        }
        var allowed = new List<AllowedOverride>();
        foreach (var pair in args.All("--allowed"))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq < 1 || !BillingCode.TryParse(pair[..eq], out var code) ||
                !decimal.TryParse(pair[(eq + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            {
                await context.Error.WriteLineAsync($"--allowed: '{pair}' is not CODE=AMOUNT (e.g. 70551=1200.00)");
                return ExitCodes.Usage;
            }
            allowed.Add(new AllowedOverride(code!, amount, "--allowed"));
        }
        DateOnly date = DateOnly.FromDateTime(DateTime.Today);
        if (args.Single("--date") is { } dateText && !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            await context.Error.WriteLineAsync("--date: YYYY-MM-DD");
            return ExitCodes.Usage;
        }
        var network = args.Single("--network") switch
        {
            null => NetworkStatus.FromPriceList,
            "in" => NetworkStatus.InNetwork,
            "out" => NetworkStatus.OutOfNetwork,
            _ => (NetworkStatus?)null,
        };
        if (network is null)
        {
            await context.Error.WriteLineAsync("--network: in or out");
            return ExitCodes.Usage;
        }

        PriceList? prices = null;
        EstimatePayer? payer = null;
        PatientBenefits? benefits = null;
        try
        {
            if (args.Single("--prices") is { } pricesPath) prices = StandardChargesFile.Load(pricesPath);
            if (args.Single("--271") is { } path)
            {
                var transaction = EligibilityPayloads.Read(path, await File.ReadAllBytesAsync(path, context.CancellationToken));
                var summary = EligibilityInterpreter.Summarize(transaction);
                payer = new EstimatePayer(summary.PayerId, summary.PayerName, summary.Patient?.PlanName);
                benefits = EligibilityMapping.Benefits(transaction);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"cannot read a file: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (PriceFileException e)
        {
            await context.Error.WriteLineAsync($"{e.FileName}: not a valid CMS standard-charges file ({e.Errors.Count} error(s)):");
            foreach (var error in e.Errors.Take(50)) await context.Error.WriteLineAsync("  " + error);
            return ExitCodes.BadInput;
        }
        catch (PermanentDependencyException e)
        {
            await context.Error.WriteLineAsync(e.Message);
            return ExitCodes.BadInput;
        }

        var lines = codes.Select(c => new ServiceLine(c, Setting: c.IsDrg ? ServiceSetting.Inpatient : ServiceSetting.Outpatient,
            Description: prices?.For(c, c.IsDrg ? ServiceSetting.Inpatient : ServiceSetting.Outpatient) is { Count: > 0 } rows ? rows[0].Description : null)).ToList();
        var estimate = PatientEstimator.Estimate(new EstimateRequest(lines, date, payer, benefits, prices, allowed, network.Value));
        if (args.Has("--json"))
        {
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(Json(estimate), JsonOutput));
        }
        else
        {
            await context.Out.WriteAsync(Text(estimate));
        }
        return ExitCodes.Success;
    }

    /// <summary>The JSON answer: the patient's total at the top, one entry per line with its parts and sources.</summary>
    private static object Json(PatientEstimate e) => new
    {
        e.Status,
        e.Kind,
        Total = e.Total,
        Payer = e.PayerName,
        Plan = e.PlanName,
        ServiceDate = e.ServiceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Lines = e.Lines.Select(l => new
        {
            Line = l.Number,
            Code = l.Code.Code,
            CodeType = l.Code.Type,
            l.Description,
            l.Units,
            l.Setting,
            l.ServiceType,
            l.Network,
            l.Covered,
            l.Allowed,
            AllowedBasis = l.Basis,
            Copay = l.Part(StepKind.Copay),
            Deductible = l.Part(StepKind.Deductible),
            Coinsurance = l.Part(StepKind.Coinsurance),
            OutOfPocketMaximum = l.Part(StepKind.OutOfPocketMaximum),
            NonCovered = l.Part(StepKind.NonCovered),
            l.PatientPays,
            l.PlanPays,
            Steps = l.Steps.Select(s => new { s.Kind, s.Amount, s.Explanation, Sources = s.Sources }),
            Sources = l.Steps.SelectMany(s => s.Sources).Distinct(),
            l.Assumptions,
            l.Missing,
        }),
        e.Accumulators,
        e.Assumptions,
        e.Missing,
        e.Rounding,
    };

    internal static string Text(PatientEstimate e)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine($"estimate: {e.Kind}, {(e.Status == EstimateStatus.Complete ? "complete" : "NOT ENOUGH INFORMATION")}   payer: {e.PayerName ?? "-"}   plan: {e.PlanName ?? "-"}   date of service: {e.ServiceDate:yyyy-MM-dd}");
        w.WriteLine($"{"#",-3} {"code",-12} {"svc",-4} {"network",-13} {"allowed",11} {"copay",9} {"deduct",10} {"coins",10} {"oop cap",10} {"patient",11} {"plan",11}");
        foreach (var l in e.Lines)
        {
            w.WriteLine($"{l.Number,-3} {l.Code,-12} {l.ServiceType,-4} {(l.Covered ? l.Network.ToString() : "NON-COVERED"),-13} {M(l.Allowed),11} {M(l.Part(StepKind.Copay)),9} {M(l.Part(StepKind.Deductible)),10} {M(l.Part(StepKind.Coinsurance)),10} {M(l.Part(StepKind.OutOfPocketMaximum)),10} {M(l.PatientPays),11} {M(l.PlanPays),11}");
        }
        w.WriteLine($"patient total: {(e.Total is { } t ? Money.Format(t) : "unknown (not enough information)")}");
        foreach (var l in e.Lines)
        {
            w.WriteLine();
            w.WriteLine($"line {l.Number}: {l.Code}{(l.Description is null ? string.Empty : " " + l.Description)}");
            foreach (var s in l.Steps)
            {
                w.WriteLine($"  {s.Kind,-18} {Money.Format(s.Amount),11}  {s.Explanation}");
                foreach (var source in s.Sources) w.WriteLine($"  {string.Empty,-18} {string.Empty,11}    from {source.Reference}");
            }
            foreach (var a in l.Assumptions) w.WriteLine($"  assumption: {a}");
            foreach (var m in l.Missing) w.WriteLine($"  missing: {m}");
        }
        if (e.Accumulators.Count > 0)
        {
            w.WriteLine();
            foreach (var a in e.Accumulators) w.WriteLine($"{a.Name}: {Money.Format(a.RemainingBefore)} remaining before, {Money.Format(a.RemainingAfter)} after   ({string.Join("; ", a.Sources)})");
        }
        foreach (var a in e.Assumptions) w.WriteLine($"assumption: {a}");
        foreach (var m in e.Missing) w.WriteLine($"missing: {m}");
        w.WriteLine(e.Rounding);
        return w.ToString();
    }

    private static string M(decimal? amount) => amount is { } a ? Money.Format(a) : "-";

    /// <summary>--name value options (some repeatable) and bare flags.</summary>
    private sealed class Arguments
    {
        private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
        private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

        public static Arguments? Parse(IReadOnlyList<string> args, string[] flags, string[] repeatable)
        {
            var parsed = new Arguments();
            for (var i = 0; i < args.Count; i++)
            {
                var name = args[i];
                if (!name.StartsWith("--", StringComparison.Ordinal)) return null;
                if (flags.Contains(name))
                {
                    parsed._flags.Add(name);
                    continue;
                }
                if (i + 1 >= args.Count) return null;
                if (!parsed._values.TryGetValue(name, out var list)) parsed._values[name] = list = [];
                if (list.Count > 0 && !repeatable.Contains(name)) return null;
                list.Add(args[++i]);
            }
            return parsed;
        }

        public bool Has(string flag) => _flags.Contains(flag);

        public string? Single(string name) => _values.TryGetValue(name, out var v) ? v[0] : null;

        public List<string> All(string name) => _values.TryGetValue(name, out var v) ? v : [];
    }
}

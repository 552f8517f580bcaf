using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Cards;
using PatientAccess.Integrations.Cards;

namespace PatientAccess.CardGenerator;

/// <summary>
/// Reads every card in a folder with a local reader and compares with its truth file. A field counts as read when it
/// equals the truth after the normalisation the reconciler also applies (upper case, letters and digits only);
/// fields a card does not print are left out of that field's rate. A value that is wrong and comes with at least the
/// reconciler's accept confidence is "confidently wrong". Results are split by family set (development or held
/// out, <see cref="LayoutFamily.IsHeldOut"/>), rendering (clean, photo, harsh) and side. Misses are listed per file
/// for development families only: held-out families are reported in aggregate, never file by file.
/// </summary>
internal static class AccuracyMeasurement
{
    private static readonly string[] FrontFields = ["memberId", "groupNumber", "memberName", "insurer", "rxBin", "rxPcn", "rxGrp", "payerId", "idSuffix", "deductible"];
    private static readonly string[] BackFields = ["claimsPayerId", "memberPhone", "providerPhone", "claimsAddress", "rxBin", "rxPcn", "rxGrp"];
    private static readonly string[] Renderings = ["clean", "photo", "harsh"];

    private sealed record Outcome(string Set, string Rendering, string Side, string Field, bool Ok, bool ConfidentlyWrong);

    public static async Task<int> RunAsync(string dir, bool markdown, int? targetLongSide, string engine)
    {
        var options = new TesseractOptions();
        if (targetLongSide is { } target) options.TargetLongSide = target;
        var tesseract = new TesseractCardReader(Options.Create(options), NullLogger<TesseractCardReader>.Instance);
        PaddleOcrRecognizer? recognizer = null;
        if (engine is "paddle" or "local")
        {
            var models = PaddleOcrModels.DefaultDirectory(AppContext.BaseDirectory) is { } modelDir ? PaddleOcrModels.Find(modelDir) : null;
            if (models is null)
            {
                Console.Error.WriteLine("PP-OCR models not found: run scripts/prereqs.sh");
                return 2;
            }
            recognizer = new PaddleOcrRecognizer(models);
        }
        using var disposeRecognizer = recognizer;
        var paddle = recognizer is null ? null : new PaddleOcrCardReader(recognizer, Options.Create(options));
        ICardReader reader = engine switch
        {
            "tesseract" => tesseract,
            "paddle" => paddle!,
            _ => new LocalCardReader(tesseract, paddle, Options.Create(options), NullLogger<LocalCardReader>.Instance),
        };
        var accept = ReconciliationPolicy.Default.AcceptConfidence;

        var files = Directory.GetFiles(dir, "*.jpg").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            Console.Error.WriteLine($"no cards in {dir}");
            return 2;
        }
        var outcomes = new List<Outcome>();
        var times = new Dictionary<(string Set, string Rendering), List<double>>();
        var cpu = new Dictionary<(string Set, string Rendering), List<double>>();
        var misses = new List<string>();
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "?";
        var done = 0;
        foreach (var file in files)
        {
            if (++done % 20 == 0) await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{done}/{files.Count} read"));
            var truth = JsonSerializer.Deserialize(await File.ReadAllTextAsync(Path.ChangeExtension(file, null) + ".truth.json"), TruthJson.Default.CardTruth)!;
            var family = truth.Family ?? truth.Layout;
            var set = LayoutFamily.IsHeldOut(family) ? "held-out" : "development";
            var rendering = truth.Rendering ?? (truth.Photo ? "photo" : "clean");
            var side = truth.Side ?? "front";
            var sw = Stopwatch.StartNew();
            var cpuBefore = CpuSeconds();
            InsuranceCard card;
            try
            {
                card = await reader.ReadAsync(await File.ReadAllBytesAsync(file), "image/jpeg", CancellationToken.None);
            }
            catch (Exception e) when (e is Domain.Common.DomainException)
            {
                card = new InsuranceCard();
                if (set == "development") misses.Add($"{truth.Name}: read failed ({e.GetType().Name})");
            }
            var key = (set, rendering);
            if (!times.TryGetValue(key, out var list)) times[key] = list = [];
            list.Add(sw.Elapsed.TotalMilliseconds);
            if (!cpu.TryGetValue(key, out var cpuList)) cpu[key] = cpuList = [];
            cpuList.Add((CpuSeconds() - cpuBefore) * 1000);
            foreach (var field in side == "back" ? BackFields : FrontFields)
            {
                var (expected, actual) = Compare(field, truth, card);
                if (expected is null) continue;
                var ok = actual is not null && Same(field, expected, actual.Value);
                var confidentlyWrong = actual is not null && !ok && actual.Confidence >= accept;
                outcomes.Add(new Outcome(set, rendering, side, field, ok, confidentlyWrong));
                if (!ok && set == "development")
                {
                    // Synthetic values only: the sample cards are made up, so printing them here is no PHI.
                    misses.Add($"{truth.Name}: {field} expected '{expected}' got '{actual?.Value ?? "(none)"}'"
                        + (actual is null ? "" : string.Create(CultureInfo.InvariantCulture, $" at {actual.Confidence:0.00} ({actual.Engine})"))
                        + (confidentlyWrong ? " CONFIDENTLY WRONG" : ""));
                }
            }
        }

        var sb = new StringBuilder();
        var sets = outcomes.Select(o => o.Set).Distinct().Order(StringComparer.Ordinal).ToList();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Cards: {files.Count} images in {dir}, engine {engine}, tesseract {TesseractVersion()}, {Environment.ProcessorCount} cores, load average {load} at start");
        sb.AppendLine();
        sb.AppendLine("| Families | Rendering | Cards | Member id | Group number | Confidently wrong (id + group) | Median read | p95 read | Median CPU |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var set in sets)
        {
            foreach (var r in Renderings)
            {
                if (!times.TryGetValue((set, r), out var t)) continue;
                var keyWrong = outcomes.Count(o => o.Set == set && o.Rendering == r && o.Field is "memberId" or "groupNumber" && o.ConfidentlyWrong);
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {set} | {r} | {t.Count} | {Rate(outcomes, set, r, "front", "memberId")} | {Rate(outcomes, set, r, "front", "groupNumber")} | {keyWrong} | {Pct(t, 50):0} ms | {Pct(t, 95):0} ms | {Pct(cpu[(set, r)], 50):0} ms |");
            }
        }
        foreach (var side in new[] { "front", "back" })
        {
            if (!outcomes.Any(o => o.Side == side)) continue;
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Per field, {side} of the card (exact match; confidently wrong in brackets when any):");
            sb.AppendLine();
            var columns = sets.SelectMany(s => Renderings.Where(r => outcomes.Any(o => o.Set == s && o.Rendering == r && o.Side == side)).Select(r => (s, r))).ToList();
            sb.AppendLine("| Field | " + string.Join(" | ", columns.Select(c => $"{c.s} {c.r}")) + " |");
            sb.AppendLine("|---|" + string.Concat(columns.Select(_ => "---|")));
            foreach (var field in side == "back" ? BackFields : FrontFields)
            {
                if (!outcomes.Any(o => o.Side == side && o.Field == field)) continue;
                var cells = string.Join(" | ", columns.Select(c => Rate(outcomes, c.s, c.r, side, field)));
                sb.AppendLine("| " + field + " | " + cells + " |");
            }
        }
        Console.WriteLine(sb.ToString());
        if (!markdown)
        {
            foreach (var m in misses) Console.WriteLine("miss: " + m);
        }
        return 0;
    }

    private static (string? Expected, CardField<string>? Actual) Compare(string field, CardTruth truth, InsuranceCard card)
    {
        CardField<string>? Deductible()
        {
            var line = card.Copays.FirstOrDefault(c => c.Benefit?.Value.StartsWith("Deductible Individual", StringComparison.OrdinalIgnoreCase) == true);
            var family = card.Copays.FirstOrDefault(c => c.Benefit?.Value.StartsWith("Deductible Family", StringComparison.OrdinalIgnoreCase) == true);
            return line?.Amount is null || family?.Amount is null ? null
                : new CardField<string>(string.Create(CultureInfo.InvariantCulture, $"{line.Amount.Value:0}/{family.Amount.Value:0}"), line.Amount.Confidence, line.Amount.Engine);
        }
        return field switch
        {
            "memberId" => (truth.MemberId, card.MemberId),
            "groupNumber" => (truth.GroupNumber, card.GroupNumber),
            "memberName" => (truth.MemberName, card.Member?.Name),
            "insurer" => (truth.Insurer, card.Insurer),
            "rxBin" => (truth.RxBin, card.PrescriptionInfo?.RxBin),
            "rxPcn" => (truth.RxPcn, card.PrescriptionInfo?.RxPcn),
            "rxGrp" => (truth.RxGrp, card.PrescriptionInfo?.RxGrp),
            "payerId" => (truth.PayerId, card.Payer?.Id),
            "idSuffix" => (truth.IdSuffix, card.Member?.IdNumberSuffix),
            "deductible" => (truth.DeductibleIndividual is { } i && truth.DeductibleFamily is { } f
                ? string.Create(CultureInfo.InvariantCulture, $"{i:0}/{f:0}") : null, Deductible()),
            "claimsPayerId" => (truth.ClaimsPayerId, card.Payer?.Id),
            "memberPhone" => (truth.CustomerServicePhone, card.Payer?.PhoneNumber),
            "providerPhone" => (truth.ProviderPhone, card.Payer?.ProviderPhoneNumber),
            "claimsAddress" => (truth.ClaimsAddress, card.Payer?.Address),
            _ => (null, null),
        };
    }

    private static bool Same(string field, string expected, string actual) => field == "deductible"
        ? expected == actual
        : MemberIdFormat.Normalize(expected) == MemberIdFormat.Normalize(actual);

    private static string Rate(List<Outcome> outcomes, string set, string rendering, string side, string field)
    {
        var rows = outcomes.Where(o => o.Set == set && o.Rendering == rendering && o.Side == side && o.Field == field).ToList();
        if (rows.Count == 0) return "n/a";
        var ok = rows.Count(o => o.Ok);
        var wrong = rows.Count(o => o.ConfidentlyWrong);
        return string.Create(CultureInfo.InvariantCulture, $"{100.0 * ok / rows.Count:0.0}% ({ok}/{rows.Count})") + (wrong > 0 ? $" [{wrong}]" : "");
    }

    /// <summary>
    /// CPU seconds used so far by this process and the OCR processes it waited for (Linux /proc/self/stat utime,
    /// stime, cutime, cstime): a read's cost that does not depend on how busy the shared machine is.
    /// </summary>
    private static double CpuSeconds()
    {
        if (!File.Exists("/proc/self/stat")) return Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields after the command: state is index 0, utime is field 14 of the file, so index 11 here.
        var ticks = Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return ticks / 100.0;
    }

    private static double Pct(List<double> values, int p)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1)];
    }

    private static string TesseractVersion()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("tesseract", "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return text.Split('\n')[0].Replace("tesseract ", "", StringComparison.Ordinal).Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "(not installed)";
        }
    }
}

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
/// Reads every sample card with the local Tesseract reader and compares with its truth file. A field counts as
/// read when it equals the truth after the normalisation the reconciler also applies (upper case, letters and
/// digits only); fields a card does not print are left out of that field's rate.
/// </summary>
internal static class AccuracyMeasurement
{
    private static readonly string[] Fields = ["memberId", "groupNumber", "memberName", "insurer", "rxBin", "rxPcn", "rxGrp", "payerId"];

    public static async Task<int> RunAsync(string dir, bool markdown, int? targetLongSide = null)
    {
        var options = new TesseractOptions();
        if (targetLongSide is { } target) options.TargetLongSide = target;
        var reader = new TesseractCardReader(Options.Create(options), NullLogger<TesseractCardReader>.Instance);
        var files = Directory.GetFiles(dir, "*.jpg").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            Console.Error.WriteLine($"no cards in {dir}");
            return 2;
        }
        var hits = new Dictionary<(string Field, bool Photo), (int Ok, int Total)>();
        var times = new Dictionary<bool, List<double>>() { [false] = [], [true] = [] };
        var misses = new List<string>();
        foreach (var file in files)
        {
            var truth = JsonSerializer.Deserialize(await File.ReadAllTextAsync(Path.ChangeExtension(file, null) + ".truth.json"), TruthJson.Default.CardTruth)!;
            var sw = Stopwatch.StartNew();
            InsuranceCard card;
            try
            {
                card = await reader.ReadAsync(await File.ReadAllBytesAsync(file), "image/jpeg", CancellationToken.None);
            }
            catch (Exception e) when (e is Domain.Common.DomainException)
            {
                card = new InsuranceCard();
                misses.Add($"{truth.Name}: read failed ({e.GetType().Name})");
            }
            times[truth.Photo].Add(sw.Elapsed.TotalMilliseconds);
            foreach (var field in Fields)
            {
                var (expected, actual) = field switch
                {
                    "memberId" => (truth.MemberId, card.MemberId?.Value),
                    "groupNumber" => (truth.GroupNumber, card.GroupNumber?.Value),
                    "memberName" => (truth.MemberName, card.Member?.Name?.Value),
                    "insurer" => (truth.Insurer, card.Insurer?.Value),
                    "rxBin" => (truth.RxBin, card.PrescriptionInfo?.RxBin?.Value),
                    "rxPcn" => (truth.RxPcn, card.PrescriptionInfo?.RxPcn?.Value),
                    "rxGrp" => (truth.RxGrp, card.PrescriptionInfo?.RxGrp?.Value),
                    _ => (truth.PayerId, card.Payer?.Id?.Value),
                };
                if (expected is null) continue;
                var ok = actual is not null && MemberIdFormat.Normalize(expected) == MemberIdFormat.Normalize(actual);
                var key = (field, truth.Photo);
                var (o, t) = hits.GetValueOrDefault(key);
                hits[key] = (o + (ok ? 1 : 0), t + 1);
                if (!ok && field is "memberId" or "groupNumber" or "insurer" or "payerId")
                {
                    // Synthetic values only: the sample cards are made up, so printing them here is no PHI.
                    misses.Add($"{truth.Name}: {field} expected '{expected}' got '{actual ?? "(none)"}'");
                }
            }
        }

        var sb = new StringBuilder();
        var clean = files.Count(f => f.Contains("-clean", StringComparison.Ordinal));
        sb.AppendLine(CultureInfo.InvariantCulture, $"Cards: {files.Count} ({clean} clean, {files.Count - clean} phone-photo), tesseract {TesseractVersion()}, {Environment.ProcessorCount} cores");
        sb.AppendLine();
        sb.AppendLine("| Field | Clean exact match | Phone-photo exact match |");
        sb.AppendLine("|---|---|---|");
        foreach (var field in Fields)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {field} | {Rate(hits, field, false)} | {Rate(hits, field, true)} |");
        }
        sb.AppendLine();
        sb.AppendLine("| Read time per card | Clean | Phone-photo |");
        sb.AppendLine("|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| median | {Pct(times[false], 50):0} ms | {Pct(times[true], 50):0} ms |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| 95th percentile | {Pct(times[false], 95):0} ms | {Pct(times[true], 95):0} ms |");
        Console.WriteLine(sb.ToString());
        if (!markdown)
        {
            foreach (var m in misses) Console.WriteLine("miss: " + m);
        }
        return 0;
    }

    private static string Rate(Dictionary<(string, bool), (int Ok, int Total)> hits, string field, bool photo) =>
        hits.TryGetValue((field, photo), out var r) && r.Total > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * r.Ok / r.Total:0.0}% ({r.Ok}/{r.Total})")
            : "n/a";

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

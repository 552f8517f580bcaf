using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Common;
using PatientAccess.Integrations.Cards;

namespace PatientAccess.Cli.Cards;

/// <summary>
/// <c>card read IMAGE [--engine local|tesseract|paddle|azure] [--json]</c>: reads one insurance card photo with the same readers the
/// hosts use (<c>AddCardReading</c>) and prints every field with its value, confidence and engine. An operator tool
/// for the operator's own file: the values go to that terminal only, nothing is logged.
/// Settings: <c>appsettings.json</c> in the current directory (optional), then environment variables
/// <c>DocumentIntelligence__*</c>, <c>Tesseract__*</c> and <c>PaddleOcr__*</c>. Without <c>--engine</c> the configuration decides
/// (Document Intelligence with the local reader as fallback when an endpoint is set, else the local reader).
/// </summary>
public static class CardCommands
{
    /// <summary>The reading engine failed (unavailable, configuration, authentication).</summary>
    public const int DependencyFailure = 3;

    private const string Usage = "card read IMAGE [--engine local|tesseract|paddle|azure] [--json]";

    private static readonly JsonSerializerOptions JsonOutput = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IReadOnlyList<CliCommand> Commands { get; } =
    [
        new("card", "read", Usage, "read an insurance card photo (Tesseract or Document Intelligence)", ReadAsync),
    ];

    private static async Task<int> ReadAsync(CommandContext context)
    {
        var engine = Option(context.Arguments, "--engine");
        var positional = Positional(context.Arguments);
        if (positional.Count != 1 || engine is not (null or "local" or "tesseract" or "paddle" or "azure"))
        {
            await context.Error.WriteLineAsync("usage: " + Usage);
            return ExitCodes.Usage;
        }

        var path = positional[0];
        byte[] image;
        try
        {
            image = await File.ReadAllBytesAsync(path, context.CancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"cannot read {path}: {e.Message}");
            return ExitCodes.Usage;
        }

        if (CardImageInspector.Inspect(image) is CardImageInspection.Rejected rejected)
        {
            await context.Error.WriteLineAsync($"unreadable image: {rejected.Code}: {rejected.Reason}");
            return ExitCodes.BadInput;
        }
        var accepted = (CardImageInspection.Accepted)CardImageInspector.Inspect(image);

        var configuration = Configuration(engine);
        if (engine == "azure" && string.IsNullOrWhiteSpace(configuration["DocumentIntelligence:Endpoint"]))
        {
            await context.Error.WriteLineAsync("--engine azure needs DocumentIntelligence__Endpoint (environment) or DocumentIntelligence:Endpoint (appsettings.json)");
            return ExitCodes.Usage;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(); // no provider: nothing read from the card can reach a log
        services.AddCardReading(configuration);
        await using var provider = services.BuildServiceProvider();

        InsuranceCard card;
        try
        {
            ICardReader reader = engine switch
            {
                "local" => provider.GetRequiredService<LocalCardReader>(),
                "tesseract" => provider.GetRequiredService<TesseractCardReader>(),
                "paddle" => provider.GetRequiredService<PaddleOcrCardReader>(),
                "azure" => provider.GetRequiredService<DocumentIntelligenceCardReader>(),
                _ => provider.GetRequiredService<ICardReader>(),
            };
            card = await reader.ReadAsync(image, accepted.ContentType, context.CancellationToken);
        }
        catch (CardUnreadableException e)
        {
            await context.Error.WriteLineAsync($"unreadable image: {e.Code}: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is TransientDependencyException or PermanentDependencyException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await context.Error.WriteLineAsync($"card reader failed: {e.Message}");
            return DependencyFailure;
        }

        var fields = Fields(card);
        if (context.HasFlag("--json"))
        {
            var memberId = card.MemberId;
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                image = new { format = accepted.Format.ToString(), accepted.Width, accepted.Height },
                memberId = memberId is null ? null : new CardFieldOutput("MemberId", memberId.Value, memberId.Confidence, memberId.Engine.ToString()),
                fields,
            }, JsonOutput));
            return ExitCodes.Success;
        }

        await context.Out.WriteLineAsync($"image: {accepted.Format} {accepted.Width}x{accepted.Height}");
        if (fields.Count == 0)
        {
            await context.Out.WriteLineAsync("no fields read");
            return ExitCodes.Success;
        }
        var width = Math.Max(12, fields.Max(f => f.Path.Length));
        await context.Out.WriteLineAsync($"{"field".PadRight(width)}  {"confidence",10}  {"engine",-20}  value");
        if (card.MemberId is { } id)
        {
            await context.Out.WriteLineAsync(Line(width, new CardFieldOutput("MemberId", id.Value, id.Confidence, id.Engine.ToString())));
        }
        foreach (var field in fields)
        {
            await context.Out.WriteLineAsync(Line(width, field));
        }
        return ExitCodes.Success;
    }

    private static string Line(int width, CardFieldOutput f) =>
        string.Create(CultureInfo.InvariantCulture, $"{f.Path.PadRight(width)}  {f.Confidence,10:0.00}  {f.Engine,-20}  {f.Value}");

    /// <summary>One field as printed: Document Intelligence path, value as text, confidence, engine.</summary>
    public sealed record CardFieldOutput(string Path, string Value, double Confidence, string Engine);

    /// <summary>Every field that was read, in Document Intelligence's order and paths.</summary>
    public static IReadOnlyList<CardFieldOutput> Fields(InsuranceCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var list = new List<CardFieldOutput>();
        void Add<T>(string path, CardField<T>? f)
        {
            if (f is null) return;
            var text = f.Value switch
            {
                DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                decimal m => m.ToString("0.00", CultureInfo.InvariantCulture),
                IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
                var v => v?.ToString() ?? string.Empty,
            };
            list.Add(new CardFieldOutput(path, text, f.Confidence, f.Engine.ToString()));
        }
        Add("Insurer", card.Insurer);
        Add("Member.Name", card.Member?.Name);
        Add("Member.BirthDate", card.Member?.BirthDate);
        Add("Member.Employer", card.Member?.Employer);
        Add("Member.Gender", card.Member?.Gender);
        Add("Member.IdNumberSuffix", card.Member?.IdNumberSuffix);
        Add("Subscriber.Name", card.Subscriber?.Name);
        for (var i = 0; i < card.Dependents.Count; i++) Add($"Dependents[{i}].Name", card.Dependents[i].Name);
        Add("IdNumber.Prefix", card.IdNumber?.Prefix);
        Add("IdNumber.Number", card.IdNumber?.Number);
        Add("GroupNumber", card.GroupNumber);
        Add("PrescriptionInfo.Issuer", card.PrescriptionInfo?.Issuer);
        Add("PrescriptionInfo.RxBIN", card.PrescriptionInfo?.RxBin);
        Add("PrescriptionInfo.RxPCN", card.PrescriptionInfo?.RxPcn);
        Add("PrescriptionInfo.RxGrp", card.PrescriptionInfo?.RxGrp);
        Add("PrescriptionInfo.RxId", card.PrescriptionInfo?.RxId);
        Add("PrescriptionInfo.RxPlan", card.PrescriptionInfo?.RxPlan);
        Add("Pbm", card.Pbm);
        Add("EffectiveDate", card.EffectiveDate);
        for (var i = 0; i < card.Copays.Count; i++)
        {
            Add($"Copays[{i}].Benefit", card.Copays[i].Benefit);
            Add($"Copays[{i}].Amount", card.Copays[i].Amount);
        }
        Add("Payer.Id", card.Payer?.Id);
        Add("Payer.Address", card.Payer?.Address);
        Add("Payer.PhoneNumber", card.Payer?.PhoneNumber);
        Add("Payer.ProviderPhoneNumber", card.Payer?.ProviderPhoneNumber);
        Add("Plan.Number", card.Plan?.Number);
        Add("Plan.Name", card.Plan?.Name);
        Add("Plan.Type", card.Plan?.Type);
        Add("MedicareMedicaidInfo.Id", card.MedicareMedicaidInfo?.Id);
        Add("MedicareMedicaidInfo.PartAEffectiveDate", card.MedicareMedicaidInfo?.PartAEffectiveDate);
        Add("MedicareMedicaidInfo.PartBEffectiveDate", card.MedicareMedicaidInfo?.PartBEffectiveDate);
        return list;
    }

    /// <summary>The configuration sections the card readers take.</summary>
    private static readonly string[] Sections = [DocumentIntelligenceOptions.Section, TesseractOptions.Section, PaddleOcrOptions.Section];

    /// <summary>appsettings.json (current directory, optional), then DocumentIntelligence__*, Tesseract__* and PaddleOcr__* environment variables.</summary>
    private static IConfigurationRoot Configuration(string? engine)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var file = Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json");
        if (File.Exists(file))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            Flatten(json.RootElement, null, settings);
        }
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var key = (string)e.Key;
            if (Sections.Any(section => key.StartsWith(section + "__", StringComparison.OrdinalIgnoreCase)))
            {
                settings[key.Replace("__", ":", StringComparison.Ordinal)] = e.Value as string;
            }
        }
        settings = settings
            .Where(s => Sections.Any(section => s.Key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase)))
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.OrdinalIgnoreCase);
        if (engine == "local")
        {
            settings.Remove("DocumentIntelligence:Endpoint"); // Tesseract only
        }
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    private static void Flatten(JsonElement element, string? prefix, Dictionary<string, string?> settings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject()) Flatten(p.Value, prefix is null ? p.Name : $"{prefix}:{p.Name}", settings);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) Flatten(item, $"{prefix}:{i++}", settings);
                break;
            case JsonValueKind.Null:
                if (prefix is not null) settings[prefix] = null;
                break;
            default:
                if (prefix is not null) settings[prefix] = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
                break;
        }
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name) return args[i + 1];
        }
        return null;
    }

    /// <summary>Arguments that are neither flags nor the value of --engine.</summary>
    private static List<string> Positional(IReadOnlyList<string> args)
    {
        var list = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--engine") { i++; continue; }
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (args[i] != "--json") return [];
                continue;
            }
            list.Add(args[i]);
        }
        return list;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Integrations.PriorAuth;
using PatientAccess.X12.Core;
using PatientAccess.X12.ServiceReview;

namespace PatientAccess.Cli.PriorAuth;

/// <summary>
/// <c>auth read FILE [--json]</c>: the payer's decision per item of a Da Vinci PAS response (a response Bundle, a
/// Parameters wrapping one, an $inquire response, a notification Bundle, a bare ClaimResponse; older responses with only
/// outcome/disposition too) or of an X12 278 response: service code, decision (approved, modified, denied, pended,
/// cancelled, noActionRequired, error), review action code, authorization number, dates, units and reasons. A file it
/// cannot read exits 2 with the reason (with --json, as a JSON object).
/// </summary>
public static class AuthCommands
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static IReadOnlyList<CliCommand> Commands { get; } =
    [
        new("auth", "read", "auth read FILE [--json]", "show the payer's decision per item of a PAS response or an X12 278 response", ReadAsync),
    ];

    /// <summary>One item as printed.</summary>
    public sealed record AuthItem(int Sequence, string? ServiceCode, AuthorizationDecisionKind Decision, string? ReviewActionCode, string? AuthorizationNumber,
        DateOnly? From, DateOnly? To, decimal? Units, IReadOnlyList<DecisionReason> Reasons);

    /// <summary>The answer as printed with --json.</summary>
    public sealed record AuthReading(string File, string? Format, string? SubmissionId, string? PayerReference, IReadOnlyList<AuthItem> Items, string? Error = null);

    private static async Task<int> ReadAsync(CommandContext context)
    {
        var files = context.Positional;
        var json = context.HasFlag("--json");
        if (files.Count != 1)
        {
            await context.Error.WriteLineAsync("usage: auth read FILE [--json]");
            return ExitCodes.Usage;
        }

        var path = files[0];
        AuthReading reading;
        try
        {
            reading = Read(path, await File.ReadAllBytesAsync(path, context.CancellationToken));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reading = new AuthReading(path, null, null, null, [], $"cannot read the file: {e.GetType().Name}");
        }

        if (json)
        {
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(reading, JsonOptions));
        }
        else if (reading.Error is null)
        {
            await context.Out.WriteAsync(Describe(reading));
        }
        if (reading.Error is not null)
        {
            await context.Error.WriteLineAsync($"{path}: {reading.Error}");
            return ExitCodes.BadInput;
        }
        return ExitCodes.Success;
    }

    /// <summary>Reads the bytes as PAS JSON (starts with '{') or X12 (starts with ISA).</summary>
    public static AuthReading Read(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var start = 0;
        while (start < bytes.Length && (char.IsWhiteSpace((char)bytes[start]) || bytes[start] == 0xEF || bytes[start] == 0xBB || bytes[start] == 0xBF)) start++;
        if (start == bytes.Length) return new AuthReading(path, null, null, null, [], "the file is empty");
        return bytes[start] == (byte)'{' ? ReadPas(path, bytes) : ReadX12(path, bytes);
    }

    private static AuthReading ReadPas(string path, byte[] bytes)
    {
        var resource = PasJson.TryParse(bytes, out var problem);
        if (resource is null) return new AuthReading(path, "pas", null, null, [], $"not a FHIR resource: {problem}");
        return PasJson.TryNavigate(() => ReadPas(path, resource), out var reading, out var shape)
            ? reading
            : new AuthReading(path, "pas", null, null, [], $"not a FHIR resource: {shape}");
    }

    private static AuthReading ReadPas(string path, Hl7.Fhir.Model.Resource resource)
    {
        if (resource is Hl7.Fhir.Model.OperationOutcome outcome)
        {
            return new AuthReading(path, "pas", null, null, [], "the payer answered with an OperationOutcome: " + string.Join("; ", PasResponseReader.Issues(outcome)));
        }
        var responses = PasResponseReader.ClaimResponses(resource);
        if (responses.Count == 0) return new AuthReading(path, "pas", null, null, [], $"a {resource.TypeName} without a ClaimResponse");
        var readings = responses.Select(PasResponseReader.Read).ToList();
        return new AuthReading(path, "pas", readings[0].SubmissionId, readings[0].PayerReference,
            [.. readings.SelectMany(r => r.Items).Select(Item)]);
    }

    private static AuthReading ReadX12(string path, byte[] bytes)
    {
        try
        {
            using var reader = new X12StreamReader(new MemoryStream(bytes));
            var items = new List<AuthItem>();
            string? reference = null;
            string? trace = null;
            foreach (var transaction in reader.ReadTransactions())
            {
                if (transaction.TransactionSetId != "278") continue;
                var review = ServiceReviewReader.Read(transaction);
                var ev = review.Levels.FirstOrDefault(l => l.LevelCode == ReviewLevelCodes.PatientEvent);
                trace ??= ev is { Traces.Count: > 0 } ? ev.Traces[0].ReferenceId : review.ReferenceId;
                reference ??= ev?.References.FirstOrDefault(r => r.Qualifier == "NT")?.Value;
                var errors = review.Errors.ToList();
                if (errors.Count > 0)
                {
                    items.Add(new AuthItem(items.Count + 1, null, AuthorizationDecisionKind.Error, null, null, null, null, null,
                        [.. errors.Select(e => new DecisionReason(e.RejectReasonCode, "AAA", e.Description))]));
                    continue;
                }
                items.AddRange(X12ServiceReviewMapping.Items(review).Select(Item));
            }
            return items.Count == 0
                ? new AuthReading(path, "x12-278", null, null, [], "no 278 transaction set found")
                : new AuthReading(path, "x12-278", trace, reference, items);
        }
        catch (X12ParseException e)
        {
            return new AuthReading(path, "x12-278", null, null, [], e.Message);
        }
    }

    private static AuthItem Item(ItemDecision d) =>
        new(d.ItemSequence, d.ServiceCode, d.Decision, d.ReviewActionCode, d.AuthorizationNumber, d.ApprovedFrom, d.ApprovedTo, d.ApprovedUnits, d.Reasons);

    private static string Describe(AuthReading r)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{r.File}: {r.Format}, request {r.SubmissionId ?? "-"}, payer reference {r.PayerReference ?? "-"}\n");
        foreach (var i in r.Items)
        {
            var dates = i.From is null && i.To is null ? "-" : $"{i.From:yyyy-MM-dd}..{i.To:yyyy-MM-dd}";
            var reasons = i.Reasons.Count == 0 ? "-" : string.Join(",", i.Reasons.Select(x => x.Code));
            sb.Append(CultureInfo.InvariantCulture,
                $"  item {i.Sequence}  service {i.ServiceCode ?? "-"}  {JsonNamingPolicy.CamelCase.ConvertName(i.Decision.ToString())}  action {i.ReviewActionCode ?? "-"}  auth {i.AuthorizationNumber ?? "-"}  dates {dates}  units {i.Units?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-"}  reasons {reasons}\n");
        }
        return sb.ToString();
    }
}

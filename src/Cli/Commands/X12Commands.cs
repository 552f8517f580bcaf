using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PatientAccess.X12.Acknowledgment;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;
using PatientAccess.X12.ServiceReview;

namespace PatientAccess.Cli.Commands;

/// <summary><c>x12 parse FILE [--json]</c>: the semantic view (or with --json the full tree) of 270/271/278/999 files.</summary>
public static class X12Commands
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static IReadOnlyList<CliCommand> Commands { get; } =
    [
        new("x12", "parse", "x12 parse FILE [--json]", "show a 270/271/278/999 file (semantic view, or the full tree as JSON)", ParseAsync),
    ];

    private static async Task<int> ParseAsync(CommandContext context)
    {
        var files = context.Positional;
        if (files.Count != 1)
        {
            await context.Error.WriteLineAsync("usage: x12 parse FILE [--json]");
            return ExitCodes.Usage;
        }

        var path = files[0];
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"cannot read {path}: {ex.Message}");
            return ExitCodes.Usage;
        }

        var json = context.HasFlag("--json");
        await using var reader = new X12StreamReader(stream);
        var count = 0;
        try
        {
            if (json)
            {
                await context.Out.WriteLineAsync("[");
            }

            await foreach (var transaction in reader.ReadTransactionsAsync(context.CancellationToken))
            {
                if (json)
                {
                    if (count > 0)
                    {
                        await context.Out.WriteLineAsync(",");
                    }

                    await context.Out.WriteAsync(JsonSerializer.Serialize(Tree(transaction), JsonOptions));
                }
                else
                {
                    await context.Out.WriteAsync(Describe(transaction));
                }

                count++;
            }

            if (json)
            {
                await context.Out.WriteLineAsync();
                await context.Out.WriteLineAsync("]");
            }
        }
        catch (X12ParseException ex)
        {
            if (json)
            {
                await context.Out.WriteLineAsync();
            }

            await context.Error.WriteLineAsync($"{path}: {ex.Message}");
            return ExitCodes.BadInput;
        }

        if (count == 0)
        {
            await context.Error.WriteLineAsync($"{path}: no X12 transaction set found");
            return ExitCodes.BadInput;
        }

        return ExitCodes.Success;
    }

    /// <summary>The JSON shape: envelope headers, the typed model, and for a 271 the semantic view.</summary>
    private static object Tree(X12Transaction t)
    {
        var i = t.Group.Interchange;
        var envelope = new
        {
            Interchange = new { i.ControlNumber, i.SenderQualifier, i.SenderId, i.ReceiverQualifier, i.ReceiverId, i.Date, i.Time, i.Version, i.UsageIndicator },
            Group = new { t.Group.FunctionalIdentifierCode, t.Group.ControlNumber, t.Group.Version, t.Group.SenderCode, t.Group.ReceiverCode },
        };
        switch (t.TransactionSetId)
        {
            case "270" or "271":
                var model = EligibilityReader.Read(t);
                return new { t.TransactionSetId, t.ControlNumber, envelope.Interchange, envelope.Group, Model = model, Summary = model.IsResponse ? EligibilityInterpreter.Summarize(model) : null };
            case "278":
                return new { t.TransactionSetId, t.ControlNumber, envelope.Interchange, envelope.Group, Model = ServiceReview278.Read(t) };
            case "999":
                return new { t.TransactionSetId, t.ControlNumber, envelope.Interchange, envelope.Group, Model = Acknowledgment999.Read(t) };
            default:
                return new
                {
                    t.TransactionSetId, t.ControlNumber, envelope.Interchange, envelope.Group,
                    Segments = t.Segments.Select(s => new { s.Id, s.Elements }),
                };
        }
    }

    internal static string Describe(X12Transaction t)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine($"{t.TransactionSetId} control {t.ControlNumber} ({t.ImplementationReference}) interchange {t.Group.Interchange.ControlNumber} group {t.Group.ControlNumber}");
        switch (t.TransactionSetId)
        {
            case "271":
                Describe271(w, EligibilityReader.Read(t));
                break;
            case "270":
                Describe270(w, EligibilityReader.Read(t));
                break;
            case "278":
                Describe278(w, ServiceReview278.Read(t));
                break;
            case "999":
                Describe999(w, Acknowledgment999.Read(t));
                break;
            default:
                w.WriteLine($"  {t.Segments.Count} segments (no model for this transaction set)");
                break;
        }

        w.WriteLine();
        return w.ToString();
    }

    private static void Describe271(StringWriter w, EligibilityTransaction model)
    {
        var summary = EligibilityInterpreter.Summarize(model);
        w.WriteLine($"  payer: {summary.PayerName ?? "-"} ({summary.PayerId ?? "-"})");
        foreach (var m in summary.Members)
        {
            w.WriteLine($"  {(m.IsDependent ? "dependent" : "subscriber")}: {Name(m.LastName, m.FirstName)}  member id {m.MemberId ?? "-"}  trace {string.Join(',', m.TraceNumbers.DefaultIfEmpty("-"))}");
            w.WriteLine($"    coverage: {m.Status}  from {Date(m.CoverageStart)} to {Date(m.CoverageEnd)}");
            w.WriteLine($"    plan: {m.PlanName ?? "-"}  plan number {m.PlanNumber ?? "-"}  group {m.GroupNumber ?? "-"}{(m.GroupName is null ? string.Empty : " (" + m.GroupName + ")")}  insurance type {m.InsuranceTypeCode ?? "-"}");
            if (m.PrimaryCareProvider is not null)
            {
                w.WriteLine($"    primary care provider: {m.PrimaryCareProvider}");
            }

            foreach (var s in m.Services)
            {
                var covered = s.Covered switch { true => "covered", false => "not covered", null => "coverage not stated" };
                var auth = s.AuthorizationRequired switch { true => "authorization required", false => "no authorization required", null => "authorization not stated" };
                w.WriteLine($"    service {s.ServiceTypeCode} {s.ServiceTypeName ?? "(unknown service type)"}: {covered}, {auth}");
                Values(w, "copay", s.Copays);
                Values(w, "coinsurance", s.Coinsurance);
                Values(w, "deductible", s.Deductibles);
                Values(w, "out-of-pocket", s.OutOfPocket);
                Values(w, "limitation", s.Limitations);
                foreach (var code in s.OtherInformationCodes)
                {
                    w.WriteLine($"      EB01 {code}: {EligibilityCodes.DescribeInformationCode(code) ?? "unknown benefit code"}");
                }

                foreach (var msg in s.Messages)
                {
                    w.WriteLine($"      message: {msg}");
                }
            }
        }

        foreach (var issue in summary.Issues)
        {
            w.WriteLine($"  AAA {issue.ReasonCode} at {issue.Location}{(issue.ServiceTypeCodes.Count > 0 ? " (services " + string.Join(',', issue.ServiceTypeCodes) + ")" : string.Empty)}: {issue.Reason} [{issue.Classification}]; follow-up {issue.FollowUpCode ?? "-"}: {issue.FollowUp}");
            w.WriteLine($"    what to do: {issue.Remediation}");
        }

        foreach (var warning in model.Warnings)
        {
            w.WriteLine($"  warning: {warning}");
        }
    }

    private static void Values(StringWriter w, string label, IReadOnlyList<BenefitValue> values)
    {
        foreach (var v in values)
        {
            var what = v.Amount is { } a ? Money(a)
                : v.Percent is { } p ? (p * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%"
                : v.Quantity is { } q ? q.ToString("0.##", CultureInfo.InvariantCulture) + " " + (v.QuantityQualifier ?? string.Empty)
                : "(no value)";
            if (v.Quantity is { } qty && (v.Amount is not null || v.Percent is not null))
            {
                what += $" ({qty.ToString("0.##", CultureInfo.InvariantCulture)} {v.QuantityQualifier})";
            }

            var level = v.Level == BenefitLevel.Other ? v.CoverageLevelCode : v.Level.ToString().ToLowerInvariant();
            w.WriteLine($"      {label} {what} {level} {Network(v.Network)} {(v.Kind == AmountKind.Remaining ? "remaining" : "total")}{(v.TimePeriod is null || v.Kind == AmountKind.Remaining ? string.Empty : " per " + v.TimePeriod.ToLowerInvariant())}{(v.Description is null ? string.Empty : " - " + v.Description)}");
        }
    }

    private static void Describe270(StringWriter w, EligibilityTransaction model)
    {
        foreach (var source in model.Sources)
        {
            w.WriteLine($"  payer: {source.Payer?.LastOrOrganizationName ?? "-"} ({source.Payer?.Identification ?? "-"})");
            foreach (var receiver in source.Receivers)
            {
                w.WriteLine($"  provider: {Name(receiver.Provider?.LastOrOrganizationName, receiver.Provider?.FirstName)} ({receiver.Provider?.IdentificationQualifier} {receiver.Provider?.Identification})");
                foreach (var m in receiver.Subscribers.SelectMany(s => s.Dependents.Prepend(s)))
                {
                    var p = m.Member;
                    w.WriteLine($"  {(m.IsDependent ? "dependent" : "subscriber")}: {Name(p?.LastOrOrganizationName, p?.FirstName)}  member id {p?.Identification ?? "-"}  birth date {Date(p?.Demographics?.BirthDate)}  trace {string.Join(',', m.Traces.Select(t => t.ReferenceId).DefaultIfEmpty("-"))}");
                    foreach (var q in m.Inquiries)
                    {
                        w.WriteLine($"    asks for service types {string.Join(',', q.ServiceTypeCodes)}{(q.Procedure.Count > 0 ? " procedure " + string.Join(':', q.Procedure) : string.Empty)}");
                    }

                    foreach (var d in p?.Dates ?? [])
                    {
                        w.WriteLine($"    date {d.Qualifier}: {d.Value}");
                    }
                }
            }
        }
    }

    private static void Describe278(StringWriter w, ServiceReview278 review)
    {
        w.WriteLine($"  purpose {review.PurposeCode ?? "-"}  reference {review.ReferenceId ?? "-"}");
        foreach (var l in review.Levels)
        {
            var names = string.Join("; ", l.Parties.Select(p => $"{p.EntityIdentifierCode} {Name(p.LastOrOrganizationName, p.FirstName)}"));
            w.WriteLine($"  HL {l.Id} level {l.LevelCode}{(names.Length > 0 ? ": " + names : string.Empty)}");
            if (l.RequestCategoryCode is not null)
            {
                w.WriteLine($"    review: category {l.RequestCategoryCode}, certification type {l.CertificationTypeCode ?? "-"}, service type {l.ServiceTypeCode ?? "-"}");
            }

            if (l.ActionCode is not null)
            {
                w.WriteLine($"    decision: {l.Decision} ({l.ActionCode})  certification number {l.CertificationNumber ?? "-"}  reason {l.DecisionReasonCode ?? "-"}");
            }

            foreach (var e in l.Errors)
            {
                w.WriteLine($"    AAA {e.RejectReasonCode}: {e.Description}; follow-up {e.FollowUpActionCode ?? "-"}: {e.FollowUpDescription}");
            }
        }
    }

    private static void Describe999(StringWriter w, Acknowledgment999 ack)
    {
        w.WriteLine($"  acknowledges group {ack.GroupControlNumber ?? "-"} ({ack.FunctionalIdentifierCode ?? "-"}, {ack.Version ?? "-"}): {ack.GroupAcknowledgmentCode ?? "-"}  included {ack.TransactionSetsIncluded} received {ack.TransactionSetsReceived} accepted {ack.TransactionSetsAccepted}");
        foreach (var set in ack.TransactionSets)
        {
            w.WriteLine($"  set {set.TransactionSetId} {set.ControlNumber}: {(set.Accepted ? "accepted" : "rejected")} ({set.AcknowledgmentCode ?? "-"}){(set.ErrorCodes.Count > 0 ? " errors " + string.Join(',', set.ErrorCodes) : string.Empty)}");
            foreach (var e in set.SegmentErrors)
            {
                w.WriteLine($"    segment {e.SegmentId} at position {e.Position} loop {e.LoopId ?? "-"}: error {e.ErrorCode ?? "-"}");
                foreach (var el in e.Elements)
                {
                    w.WriteLine($"      element {el.Position} (ref {el.DataElementReference ?? "-"}): error {el.ErrorCode}");
                }
            }
        }
    }

    private static string Name(string? last, string? first) =>
        last is null && first is null ? "-" : first is null ? last! : last is null ? first : $"{last}, {first}";

    private static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-";

    internal static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Network(NetworkScope n) => n switch
    {
        NetworkScope.InNetwork => "in-network",
        NetworkScope.OutOfNetwork => "out-of-network",
        NetworkScope.Both => "in-and-out-of-network",
        NetworkScope.Unknown => "network-unknown",
        _ => "network-not-stated",
    };
}

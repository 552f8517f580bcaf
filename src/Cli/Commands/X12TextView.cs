using System.Globalization;
using PatientAccess.X12.Acknowledgment;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;
using PatientAccess.X12.ServiceReview;

namespace PatientAccess.Cli.Commands;

/// <summary>The semantic view of each set, for a person.</summary>
internal sealed class X12TextView(TextWriter w) : X12View
{
    public override void Transaction(X12Transaction t)
    {
        w.WriteLine($"{t.TransactionSetId} control {t.ControlNumber} ({t.ImplementationReference}) interchange {t.Group.Interchange.ControlNumber} group {t.Group.ControlNumber}");
        foreach (var e in t.EnvelopeErrors)
        {
            w.WriteLine($"  envelope error: {e.Message}");
        }

        switch (t.TransactionSetId)
        {
            case "271":
                Describe271(EligibilityReader.Read(t));
                break;
            case "270":
                Describe270(EligibilityReader.Read(t));
                break;
            case "278":
                Describe278(ServiceReview278.Read(t));
                Warnings(t.Warnings);
                break;
            case "999":
                Describe999(Acknowledgment999.Read(t));
                Warnings(t.Warnings);
                break;
            default:
                w.WriteLine($"  {t.Segments.Count} segments (no model for this transaction set)");
                Warnings(t.Warnings);
                break;
        }

        w.WriteLine();
    }

    public override void InterchangeAcknowledgment(X12InterchangeAcknowledgment ta1)
    {
        w.WriteLine($"TA1 for interchange {ta1.ControlNumber} ({ta1.Date ?? "-"} {ta1.Time ?? "-"}): {ta1.Status} ({ta1.AcknowledgmentCode ?? "-"}), note {ta1.NoteCode ?? "-"}: {ta1.Note ?? "unknown note code"}");
        w.WriteLine();
    }

    public override void EnvelopeError(X12EnvelopeError error)
    {
        w.WriteLine($"envelope error: {error.Message}");
        w.WriteLine();
    }

    public override void ParseError(X12ParseException error)
    {
        // The message goes to standard error; what was read before it stays printed.
    }

    private void Describe271(EligibilityTransaction model)
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

            foreach (var c in m.Coverages)
            {
                if (c.MedicarePart != MedicarePart.None || !c.Active || c.Start is not null)
                {
                    w.WriteLine($"    {(c.Active ? "active" : "inactive")} (EB01 {c.InformationCode}){Insurance(c.InsuranceTypeCode, c.MedicarePart)}{(c.ServiceTypeCodes.Count > 0 ? " services " + string.Join(',', c.ServiceTypeCodes) : string.Empty)} from {Date(c.Start)} to {Date(c.End)}");
                }
            }

            foreach (var s in m.Services)
            {
                var covered = s.Covered switch { true => "covered", false => "not covered", null => "coverage not stated" };
                var auth = s.AuthorizationRequired switch { true => "authorization required", false => "no authorization required", null => "authorization not stated" };
                w.WriteLine($"    service {s.ServiceTypeCode} {s.ServiceTypeName ?? "(unknown service type)"}: {covered}, {auth}");
                Values("copay", s.Copays);
                Values("coinsurance", s.Coinsurance);
                Values("deductible", s.Deductibles);
                Values("out-of-pocket", s.OutOfPocket);
                Values("limitation", s.Limitations);
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

        Warnings(model.Warnings);
    }

    private void Warnings(IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
        {
            w.WriteLine($"  warning: {warning}");
        }
    }

    private void Values(string label, IReadOnlyList<BenefitValue> values)
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
            var period = v.TimePeriod is null || v.Kind == AmountKind.Remaining ? string.Empty : " per " + v.TimePeriod.ToLowerInvariant();
            var description = v.Description is null ? string.Empty : " - " + v.Description;
            var procedure = v.Procedure is null ? string.Empty : $" procedure {v.Procedure}";
            var days = v.Days is null ? string.Empty : $" days {v.Days.From.ToString("0.##", CultureInfo.InvariantCulture)}-{v.Days.To.ToString("0.##", CultureInfo.InvariantCulture)}";
            var dates = v.Dates.Count == 0 ? string.Empty : " " + string.Join(", ", v.Dates.Select(DateText));
            w.WriteLine($"      {label} {what} {level} {Network(v.Network)} {(v.Kind == AmountKind.Remaining ? "remaining" : "total")}{period}{Insurance(v.InsuranceTypeCode, v.MedicarePart)}{procedure}{days}{dates}{description}");
        }
    }

    private void Describe270(EligibilityTransaction model)
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

        Warnings(model.Warnings);
    }

    private void Describe278(ServiceReview278 review)
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

    private void Describe999(Acknowledgment999 ack)
    {
        w.WriteLine($"  acknowledges group {ack.GroupControlNumber ?? "-"} ({ack.FunctionalIdentifierCode ?? "-"}, {ack.Version ?? "-"}): {ack.GroupAcknowledgmentCode ?? "-"}  included {ack.TransactionSetsIncluded} received {ack.TransactionSetsReceived} accepted {ack.TransactionSetsAccepted}");
        foreach (var set in ack.TransactionSets)
        {
            w.WriteLine($"  set {set.TransactionSetId} {set.ControlNumber}: {(set.Accepted ? "accepted" : "rejected")} ({set.AcknowledgmentCode ?? "-"}){(set.ErrorCodes.Count > 0 ? " errors " + string.Join(',', set.ErrorCodes) : string.Empty)}");
            foreach (var e in set.SegmentErrors)
            {
                w.WriteLine($"    segment {e.SegmentId} at position {e.Position} loop {e.LoopId ?? "-"}: error {e.ErrorCode ?? "-"}");
                foreach (var c in e.ContextDetails)
                {
                    w.WriteLine($"      context {Context(c)}");
                }

                foreach (var el in e.Elements)
                {
                    w.WriteLine($"      element {el.Position} (ref {el.DataElementReference ?? "-"}): error {el.ErrorCode}");
                    foreach (var c in el.Contexts)
                    {
                        w.WriteLine($"        context {Context(c)}");
                    }
                }
            }
        }
    }

    private static string Context(ErrorContext c)
    {
        var parts = new List<string> { c.Reference is null ? c.Name : $"{c.Name} {c.Reference}" };
        if (c.SegmentId is not null)
        {
            parts.Add($"segment {c.SegmentId}{(c.SegmentPosition is { } p ? " at position " + p.ToString(CultureInfo.InvariantCulture) : string.Empty)}");
        }

        if (c.LoopId is not null)
        {
            parts.Add($"loop {c.LoopId}");
        }

        if (c.ElementPosition is { } e)
        {
            parts.Add($"element {e}{(c.ComponentPosition is { } k ? "." + k.ToString(CultureInfo.InvariantCulture) : string.Empty)}{(c.RepetitionPosition is { } r ? " repetition " + r.ToString(CultureInfo.InvariantCulture) : string.Empty)}");
        }

        if (c.DataElementReferences.Count > 0)
        {
            parts.Add($"ref {string.Join(':', c.DataElementReferences)}");
        }

        return string.Join(", ", parts);
    }

    private static string Insurance(string? code, MedicarePart part) => part switch
    {
        MedicarePart.PartA => " (Medicare Part A)",
        MedicarePart.PartB => " (Medicare Part B)",
        _ => code is null ? string.Empty : $" (insurance type {code}{(EligibilityCodes.DescribeInsuranceType(code) is { } name ? " " + name : string.Empty)})",
    };

    private static string DateText(DateReference d)
    {
        var what = d.Meaning ?? "date " + d.Qualifier;
        return d.IsRange ? $"{what.ToLowerInvariant()} {Date(d.Start)} to {Date(d.End)}" : $"{what.ToLowerInvariant()} {Date(d.Start)}";
    }

    private static string Name(string? last, string? first) =>
        last is null && first is null ? "-" : first is null ? last! : last is null ? first : $"{last}, {first}";

    private static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-";

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Network(NetworkScope n) => n switch
    {
        NetworkScope.InNetwork => "in-network",
        NetworkScope.OutOfNetwork => "out-of-network",
        NetworkScope.Both => "in-and-out-of-network",
        NetworkScope.Unknown => "network-unknown",
        _ => "network-not-stated",
    };
}

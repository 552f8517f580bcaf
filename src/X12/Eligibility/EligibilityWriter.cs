using System.Globalization;
using PatientAccess.X12.Core;

namespace PatientAccess.X12.Eligibility;

/// <summary>
/// Writes an <see cref="EligibilityTransaction"/> (270 or 271) as X12: HL numbers, HL04 child codes, SE count and
/// the envelopes are computed. What <see cref="EligibilityReader"/> reads from this output equals the model.
/// </summary>
public static class EligibilityWriter
{
    /// <summary>A whole interchange with one group and one transaction set.</summary>
    public static string WriteInterchange(
        EligibilityTransaction transaction,
        X12InterchangeEnvelope interchange,
        string groupControlNumber,
        X12Delimiters? delimiters = null,
        string afterSegment = "")
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(interchange);
        var writer = new X12Writer(delimiters, afterSegment);
        writer.BeginInterchange(interchange);
        writer.BeginGroup(new X12GroupEnvelope
        {
            FunctionalIdentifierCode = transaction.IsInquiry ? "HS" : "HB",
            SenderCode = interchange.SenderId,
            ReceiverCode = interchange.ReceiverId,
            Timestamp = interchange.Timestamp,
            ControlNumber = groupControlNumber,
            Version = string.IsNullOrEmpty(transaction.ImplementationReference) ? EligibilityCodes.ImplementationGuide : transaction.ImplementationReference,
        });
        WriteTransaction(writer, transaction);
        writer.EndGroup();
        writer.EndInterchange();
        return writer.ToString();
    }

    /// <summary>Writes ST..SE into an open group (for batches: several sets per group).</summary>
    public static void WriteTransaction(X12Writer writer, EligibilityTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.TransactionSetId is not ("270" or "271"))
        {
            throw new ArgumentException("TransactionSetId must be 270 or 271", nameof(transaction));
        }

        writer.BeginTransaction(transaction.TransactionSetId, transaction.ControlNumber, transaction.ImplementationReference);
        writer.Segment("BHT", transaction.HierarchicalStructureCode, transaction.PurposeCode, transaction.ReferenceId, transaction.Date, transaction.Time, transaction.TransactionTypeCode);
        foreach (var g in transaction.OtherSegments)
        {
            Generic(writer, g);
        }

        var hl = 0;
        foreach (var source in transaction.Sources)
        {
            var sourceId = ++hl;
            Hl(writer, sourceId, null, EligibilityCodes.SourceLevel, source.Receivers.Count > 0);
            Errors(writer, source.Errors);
            Others(writer, source.OtherSegments);
            Party(writer, source.Payer);
            foreach (var receiver in source.Receivers)
            {
                var receiverId = ++hl;
                Hl(writer, receiverId, sourceId, EligibilityCodes.ReceiverLevel, receiver.Subscribers.Count > 0);
                Errors(writer, receiver.Errors);
                Others(writer, receiver.OtherSegments);
                Party(writer, receiver.Provider);
                foreach (var subscriber in receiver.Subscribers)
                {
                    var subscriberId = ++hl;
                    Member(writer, subscriber, subscriberId, receiverId, EligibilityCodes.SubscriberLevel);
                    foreach (var dependent in subscriber.Dependents)
                    {
                        Member(writer, dependent, ++hl, subscriberId, EligibilityCodes.DependentLevel);
                    }
                }
            }
        }

        writer.EndTransaction();
    }

    private static void Member(X12Writer writer, MemberLevel member, int id, int parent, string code)
    {
        if (code == EligibilityCodes.DependentLevel && member.Dependents.Count > 0)
        {
            throw new ArgumentException("a dependent cannot have dependents", nameof(member));
        }

        Hl(writer, id, parent, code, member.Dependents.Count > 0);
        foreach (var t in member.Traces)
        {
            writer.Segment("TRN", t.TypeCode, t.ReferenceId, t.OriginatorId, t.SupplementalId);
        }

        Errors(writer, member.Errors);
        Others(writer, member.OtherSegments);
        Party(writer, member.Member);
        foreach (var q in member.Inquiries)
        {
            writer.Segment("EQ", X12Element.Repeated(q.ServiceTypeCodes), X12Element.Composite(q.Procedure), q.CoverageLevelCode, null, X12Element.Composite(q.DiagnosisPointers));
            foreach (var a in q.Amounts)
            {
                writer.Segment("AMT", a.Qualifier, X12Element.FromDecimal(a.Amount));
            }

            Info(writer, q.AdditionalInformation);
            References(writer, q.References);
            Dates(writer, q.Dates);
            Others(writer, q.OtherSegments);
        }

        foreach (var b in member.Benefits)
        {
            Benefit(writer, b);
        }
    }

    private static void Benefit(X12Writer writer, BenefitInformation b)
    {
        writer.Segment(
            "EB",
            b.InformationCode,
            b.CoverageLevelCode,
            X12Element.Repeated(b.ServiceTypeCodes),
            b.InsuranceTypeCode,
            b.PlanCoverageDescription,
            b.TimePeriodQualifier,
            X12Element.FromDecimal(b.MonetaryAmount),
            X12Element.FromDecimal(b.Percent),
            b.QuantityQualifier,
            X12Element.FromDecimal(b.Quantity),
            b.AuthorizationRequired,
            b.InPlanNetwork,
            X12Element.Composite(b.Procedure),
            X12Element.Composite(b.DiagnosisPointers));
        foreach (var h in b.Deliveries)
        {
            writer.Segment("HSD", h.QuantityQualifier, h.Quantity, h.UnitQualifier, h.SampleSelectionModulus, h.TimePeriodQualifier, h.PeriodCount, h.DeliveryFrequencyCode, h.DeliveryPatternTimeCode);
        }

        References(writer, b.References);
        Dates(writer, b.Dates);
        Errors(writer, b.Errors);
        foreach (var m in b.Messages)
        {
            writer.Segment("MSG", m);
        }

        Others(writer, b.OtherSegments);
        Info(writer, b.AdditionalInformation);
        if (b.RelatedEntities.Count > 0)
        {
            writer.Segment("LS", "2120");
            foreach (var p in b.RelatedEntities)
            {
                Party(writer, p);
            }

            writer.Segment("LE", "2120");
        }
    }

    internal static void Party(X12Writer writer, X12Party? p)
    {
        if (p is null)
        {
            return;
        }

        writer.Segment("NM1", p.EntityIdentifierCode, p.EntityTypeQualifier, p.LastOrOrganizationName, p.FirstName, p.MiddleName, p.NamePrefix, p.NameSuffix, p.IdentificationQualifier, p.Identification, p.EntityRelationshipCode);
        References(writer, p.References);
        if (p.Address is { } a)
        {
            if (a.Line1 is not null || a.Line2 is not null)
            {
                writer.Segment("N3", a.Line1, a.Line2);
            }

            if (a.City is not null || a.State is not null || a.PostalCode is not null || a.CountryCode is not null || a.CountrySubdivision is not null)
            {
                writer.Segment("N4", a.City, a.State, a.PostalCode, a.CountryCode, null, null, a.CountrySubdivision);
            }
        }

        foreach (var c in p.Contacts)
        {
            var e = new X12Element[2 + (c.Numbers.Count * 2)];
            e[0] = c.FunctionCode;
            e[1] = c.Name;
            for (var n = 0; n < c.Numbers.Count; n++)
            {
                e[2 + (n * 2)] = c.Numbers[n].Qualifier;
                e[3 + (n * 2)] = c.Numbers[n].Number;
            }

            writer.Segment("PER", e);
        }

        Errors(writer, p.Errors);
        if (p.Provider is { } prv)
        {
            writer.Segment("PRV", prv.ProviderCode, prv.ReferenceQualifier, prv.Reference);
        }

        if (p.Demographics is { } d)
        {
            writer.Segment("DMG", d.DateFormat, d.DateOfBirth, d.Gender);
        }

        if (p.Relationship is { } r)
        {
            var e = new X12Element[17];
            e[0] = r.SubscriberIndicator;
            e[1] = r.RelationshipCode;
            e[2] = r.MaintenanceTypeCode;
            e[3] = r.MaintenanceReasonCode;
            e[16] = r.BirthSequenceNumber;
            writer.Segment("INS", e);
        }

        Dates(writer, p.Dates);
        Others(writer, p.OtherSegments);
    }

    internal static void Hl(X12Writer writer, int id, int? parent, string code, bool hasChildren) =>
        writer.Segment("HL", id.ToString(CultureInfo.InvariantCulture), parent?.ToString(CultureInfo.InvariantCulture), code, hasChildren ? "1" : "0");

    internal static void Errors(X12Writer writer, IReadOnlyList<AaaError> errors)
    {
        foreach (var e in errors)
        {
            writer.Segment("AAA", e.ValidRequestIndicator, e.AgencyQualifier, e.RejectReasonCode, e.FollowUpActionCode);
        }
    }

    internal static void References(X12Writer writer, IReadOnlyList<ReferenceNumber> references)
    {
        foreach (var r in references)
        {
            writer.Segment("REF", r.Qualifier, r.Value, r.Description);
        }
    }

    internal static void Dates(X12Writer writer, IReadOnlyList<DateReference> dates)
    {
        foreach (var d in dates)
        {
            writer.Segment("DTP", d.Qualifier, d.Format, d.Value);
        }
    }

    private static void Info(X12Writer writer, IReadOnlyList<AdditionalInformation> info)
    {
        foreach (var i in info)
        {
            writer.Segment("III", i.CodeListQualifier, i.IndustryCode, i.CategoryCode, i.FreeText);
        }
    }

    internal static void Others(X12Writer writer, IReadOnlyList<GenericSegment> segments)
    {
        foreach (var g in segments)
        {
            Generic(writer, g);
        }
    }

    internal static void Generic(X12Writer writer, GenericSegment g)
    {
        var elements = new X12Element[g.Elements.Count];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = X12Element.Composite(g.Elements[i]);
        }

        writer.Segment(g.Id, elements);
    }
}

using System.Globalization;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.X12.ServiceReview;

/// <summary>
/// Writes a <see cref="ServiceReview278"/> as X12: BHT, then each level (HL with HL04 computed from its children;
/// TRN, AAA, UM, HCR, REF, DTP, HI, SV1/SV2, HSD, MSG, other segments, then its name loops), SE count and envelopes
/// computed. Levels are written in the model's order; ids and parents as given.
/// </summary>
public static class ServiceReviewWriter
{
    /// <summary>A whole interchange (GS01 HI) with one group and one transaction set.</summary>
    public static string WriteInterchange(ServiceReview278 review, X12InterchangeEnvelope interchange, string groupControlNumber, X12Delimiters? delimiters = null, string afterSegment = "")
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(interchange);
        var writer = new X12Writer(delimiters, afterSegment);
        writer.BeginInterchange(interchange);
        writer.BeginGroup(new X12GroupEnvelope
        {
            FunctionalIdentifierCode = "HI",
            SenderCode = interchange.SenderId,
            ReceiverCode = interchange.ReceiverId,
            Timestamp = interchange.Timestamp,
            ControlNumber = groupControlNumber,
            Version = review.ImplementationReference ?? ServiceReview278.ImplementationGuide,
        });
        WriteTransaction(writer, review);
        writer.EndGroup();
        writer.EndInterchange();
        return writer.ToString();
    }

    public static void WriteTransaction(X12Writer writer, ServiceReview278 review)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(review);
        writer.BeginTransaction("278", review.ControlNumber, review.ImplementationReference);
        writer.Segment("BHT", review.HierarchicalStructureCode, review.PurposeCode, review.ReferenceId, review.Date, review.Time, review.TransactionTypeCode);
        var parents = review.Levels.Where(l => l.ParentId is not null).Select(l => l.ParentId!).ToHashSet(StringComparer.Ordinal);
        foreach (var level in review.Levels)
        {
            writer.Segment("HL", level.Id, level.ParentId, level.LevelCode, parents.Contains(level.Id) ? "1" : "0");
            foreach (var t in level.Traces)
            {
                writer.Segment("TRN", t.TypeCode, t.ReferenceId, t.OriginatorId, t.SupplementalId);
            }

            EligibilityWriter.Errors(writer, level.Errors);
            if (level.Utilization is { } um)
            {
                writer.Segment("UM", um.RequestCategory, um.CertificationType, um.ServiceType,
                    um.FacilityCode is null ? X12Element.FromString(null) : X12Element.Composite(um.FacilityCode, um.FacilityCodeQualifier), null, um.LevelOfService);
            }

            if (level.Certification is { } hcr)
            {
                writer.Segment("HCR", hcr.ActionCode, hcr.CertificationNumber, hcr.ReasonCode, hcr.SecondSurgicalOpinion);
            }

            EligibilityWriter.References(writer, level.References);
            EligibilityWriter.Dates(writer, level.Dates);
            if (level.Diagnoses.Count > 0)
            {
                var elements = level.Diagnoses.Take(12).Select(d => X12Element.Composite(d.Qualifier, d.Code, d.DateFormat, d.Date)).ToArray();
                writer.Segment("HI", elements);
            }

            if (level.Professional is { } sv1)
            {
                writer.Segment("SV1", X12Element.Composite(sv1.Procedure.Components()), X12Element.FromDecimal(sv1.ChargeAmount), sv1.UnitBasis, X12Element.FromDecimal(sv1.Quantity));
            }

            if (level.Institutional is { } sv2)
            {
                writer.Segment("SV2", sv2.RevenueCode, sv2.Procedure is null ? X12Element.FromString(null) : X12Element.Composite(sv2.Procedure.Components()),
                    X12Element.FromDecimal(sv2.ChargeAmount), sv2.UnitBasis, X12Element.FromDecimal(sv2.Quantity));
            }

            foreach (var h in level.Deliveries)
            {
                writer.Segment("HSD", h.QuantityQualifier, h.Quantity, h.UnitQualifier, h.SampleSelectionModulus, h.TimePeriodQualifier, h.PeriodCount, h.DeliveryFrequencyCode, h.DeliveryPatternTimeCode);
            }

            foreach (var m in level.Messages)
            {
                writer.Segment("MSG", m);
            }

            EligibilityWriter.Others(writer, level.OtherSegments);
            foreach (var party in level.Parties)
            {
                EligibilityWriter.Party(writer, party);
            }
        }

        writer.EndTransaction();
    }

    /// <summary>A level id as text.</summary>
    public static string LevelId(int n) => n.ToString(CultureInfo.InvariantCulture);
}

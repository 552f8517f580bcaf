using System.Globalization;
using System.Text;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.X12.Benchmarks;

/// <summary>The benchmark inputs, made with our writer: a small 271, a 271 with 50 benefit loops, a batch of 271s.</summary>
public static class SampleFiles
{
    private static readonly DateTimeOffset Stamp = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    public static byte[] Small() => Encoding.UTF8.GetBytes(EligibilityWriter.WriteInterchange(Response(6, "1"), Envelope("1"), "1", afterSegment: "\n"));

    public static byte[] FiftyBenefits() => Encoding.UTF8.GetBytes(EligibilityWriter.WriteInterchange(Response(50, "1"), Envelope("2"), "1", afterSegment: "\n"));

    /// <summary>The batch of issue 14: 27,285 271s of about 770 bytes each (12 benefit loops), about 20 MiB.</summary>
    public const int BatchSets = 27_285;

    /// <summary>One interchange, groups of 1,000 transaction sets of about 770 bytes each, <paramref name="sets"/> sets in all.</summary>
    public static byte[] Batch(int sets = BatchSets)
    {
        var writer = new X12Writer(afterSegment: "\n");
        writer.BeginInterchange(Envelope("3"));
        var set = 0;
        var group = 0;
        while (set < sets)
        {
            group++;
            writer.BeginGroup(new X12GroupEnvelope { FunctionalIdentifierCode = "HB", SenderCode = "CLEARINGHOUSE", ReceiverCode = "PATIENTACCESS", Timestamp = Stamp, ControlNumber = group.ToString(CultureInfo.InvariantCulture), Version = EligibilityCodes.ImplementationGuide });
            for (var i = 0; i < 1000 && set < sets; i++)
            {
                set++;
                EligibilityWriter.WriteTransaction(writer, Response(12, set.ToString("0000", CultureInfo.InvariantCulture)));
            }

            writer.EndGroup();
        }

        writer.EndInterchange();
        return writer.ToUtf8Bytes();
    }

    public static EligibilityTransaction Response(int benefitLoops, string control)
    {
        string[] services = ["30", "98", "UC", "86", "33", "AL", "MH", "62", "48", "50"];
        var benefits = new List<BenefitInformation>
        {
            new() { InformationCode = "1", CoverageLevelCode = "FAM", ServiceTypeCodes = ["30"], InsuranceTypeCode = "PR", PlanCoverageDescription = "GOLD PPO 500", Dates = [new DateReference("346", "D8", "20260101")] },
        };
        for (var i = 1; i < benefitLoops; i++)
        {
            var service = services[i % services.Length];
            benefits.Add((i % 5) switch
            {
                0 => new BenefitInformation { InformationCode = "B", CoverageLevelCode = "IND", ServiceTypeCodes = [service], TimePeriodQualifier = "27", MonetaryAmount = 20 + i, InPlanNetwork = "Y", AuthorizationRequired = "N" },
                1 => new BenefitInformation { InformationCode = "C", CoverageLevelCode = "IND", ServiceTypeCodes = [service], TimePeriodQualifier = "23", MonetaryAmount = 500, InPlanNetwork = "Y" },
                2 => new BenefitInformation { InformationCode = "C", CoverageLevelCode = "FAM", ServiceTypeCodes = [service], TimePeriodQualifier = "29", MonetaryAmount = 812.5m, InPlanNetwork = "Y" },
                3 => new BenefitInformation { InformationCode = "A", CoverageLevelCode = "IND", ServiceTypeCodes = [service], TimePeriodQualifier = "27", Percent = 0.2m, InPlanNetwork = "N", Messages = ["AFTER DEDUCTIBLE"] },
                _ => new BenefitInformation { InformationCode = "G", CoverageLevelCode = "IND", ServiceTypeCodes = [service], TimePeriodQualifier = "29", MonetaryAmount = 2750, InPlanNetwork = "Y", Dates = [DateReference.Between("292", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31))] },
            });
        }

        return new EligibilityTransaction
        {
            TransactionSetId = "271",
            ControlNumber = control,
            PurposeCode = "11",
            ReferenceId = "REF" + control,
            Date = "20260301",
            Time = "0930",
            Sources =
            [
                new InformationSourceLevel
                {
                    Payer = new X12Party { EntityIdentifierCode = "PR", EntityTypeQualifier = "2", LastOrOrganizationName = "ACME HEALTH", IdentificationQualifier = "PI", Identification = "60054" },
                    Receivers =
                    [
                        new InformationReceiverLevel
                        {
                            Provider = new X12Party { EntityIdentifierCode = "1P", EntityTypeQualifier = "2", LastOrOrganizationName = "GENERAL HOSPITAL", IdentificationQualifier = "XX", Identification = "1234567893" },
                            Subscribers =
                            [
                                new MemberLevel
                                {
                                    Traces = [new TraceNumber("2", "TRACE" + control, "9877281234")],
                                    Member = new X12Party
                                    {
                                        EntityIdentifierCode = "IL", LastOrOrganizationName = "DOE", FirstName = "JANE", IdentificationQualifier = "MI", Identification = "M" + control,
                                        References = [new ReferenceNumber("6P", "GRP100", "ACME WIDGETS")], Demographics = new Demographics("D8", "19800101", "F"),
                                    },
                                    Benefits = benefits,
                                },
                            ],
                        },
                    ],
                },
            ],
        };
    }

    private static X12InterchangeEnvelope Envelope(string control) => new()
    {
        SenderId = "CLEARINGHOUSE", ReceiverId = "PATIENTACCESS", Timestamp = Stamp, ControlNumber = control, UsageIndicator = "T",
    };
}

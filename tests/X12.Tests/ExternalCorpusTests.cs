using System.Text.Json;
using PatientAccess.X12.Acknowledgment;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;
using PatientAccess.X12.ServiceReview;

namespace PatientAccess.X12.Tests;

/// <summary>
/// X12 files written by other projects (ExternalCorpus/, sources and licenses in manifest.json): each reads as its
/// authors meant, checked value by value, in memory and streamed.
/// </summary>
public class ExternalCorpusTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "ExternalCorpus");

    private static readonly Dictionary<string, Action<X12Document>> Expectations = new(StringComparer.Ordinal)
    {
        ["oopfactory-x12parser/271-5010-example-3-1-2.txt"] = doc =>
        {
            var m = Single271(doc, out var model).Members.Single();
            Assert.Equal(("SMITH", "JOHN", "123456789", CoverageStatus.Active), (m.LastName, m.FirstName, m.MemberId, m.Status));
            Assert.Equal(("GOLD 123 PLAN", new DateOnly(2006, 1, 1)), (m.PlanName, m.CoverageStart!.Value));
            Assert.Equal("MARCUS JONES", m.PrimaryCareProvider);
            Assert.Equal(["1", "33", "35", "47", "86", "88", "98", "AL", "MH", "UC"], model.Members.Single().Benefits[2].ServiceTypeCodes);
            Assert.Equal(10m, m.Service("98")!.Copay(NetworkScope.InNetwork)!.Amount);
            Assert.Equal(30m, m.Service("UC")!.Copay(NetworkScope.OutOfNetwork)!.Amount);
            Assert.Contains(model.Warnings, w => w.StartsWith("ISA11", StringComparison.Ordinal));
        },
        ["oopfactory-x12parser/271-5010-example-3-1-3-provider-aaa.txt"] = doc =>
        {
            var s = Single271(doc, out _);
            var issue = Assert.Single(s.Issues);
            Assert.Equal(("50", AaaLocation.Provider, "N", AaaClassification.ProviderData), (issue.ReasonCode, issue.Location, issue.FollowUpCode, issue.Classification));
            Assert.Empty(s.Members);
        },
        ["oopfactory-x12parser/271-5010-example-3-2-2-dependent.txt"] = doc =>
        {
            var s = Single271(doc, out _);
            Assert.Equal(2, s.Members.Count);
            var patient = s.Patient!;
            Assert.Equal(("MARY", true, "123456789", CoverageStatus.Active), (patient.FirstName, patient.IsDependent, patient.MemberId, patient.Status));
            Assert.Equal(new DateOnly(1998, 10, 14), patient.DateOfBirth);
            Assert.Equal(["93175-012547"], patient.TraceNumbers);
            Assert.Equal(CoverageStatus.Unknown, s.Members[0].Status);
        },
        ["oopfactory-x12parser/271-4010-cms-hets-medicare.txt"] = doc =>
        {
            var s = Single271(doc, out var model);
            Assert.Contains(model.Warnings, w => w.StartsWith("version 004010X092A1 is 4010", StringComparison.Ordinal));
            var m = s.Members.Single();
            Assert.Equal(CoverageStatus.Active, m.Status);
            Assert.Equal(new DateOnly(1985, 4, 1), m.MedicareCoverage(MedicarePart.PartA)!.Start);
            Assert.Equal(new DateOnly(1985, 4, 1), m.MedicareCoverage(MedicarePart.PartB)!.Start);
            var inactive = Assert.Single(m.InactivePeriods);
            Assert.Equal((new DateOnly(2007, 9, 1), new DateOnly(2007, 9, 30)), (inactive.Start, inactive.End));
            var hospital = m.Service("47")!;
            Assert.Equal(992m, hospital.Deductible(BenefitLevel.NotSpecified, NetworkScope.NotSpecified, AmountKind.Remaining, MedicarePart.PartA)!.Amount);
            Assert.Null(hospital.Deductible(BenefitLevel.NotSpecified, NetworkScope.NotSpecified, AmountKind.Remaining, MedicarePart.PartB));
            var spell = hospital.Deductibles.Single(d => d.Dates.Count > 0);
            Assert.Equal((0m, "435", new DateOnly(2008, 8, 13), new DateOnly(2008, 8, 30)), (spell.Amount!.Value, spell.Dates[0].Qualifier, spell.Dates[0].Start!.Value, spell.Dates[0].End!.Value));
            Assert.Equal((248m, 30m, "DY"), (hospital.Copays[0].Amount!.Value, hospital.Copays[0].Quantity!.Value, hospital.Copays[0].QuantityQualifier));
            var vaccine = model.Members.Single().Benefits.Single(b => b.ProcedureCode is not null);
            Assert.Equal((new ProcedureCode("HC", "90669", []), MedicarePart.PartB), (vaccine.ProcedureCode, vaccine.MedicarePart));
            Assert.Equal(new DateOnly(2009, 4, 6), vaccine.Dates.Single().Start);
            Assert.Contains(m.Service("30")!.OtherInformationCodes, c => c == "R");
        },
        ["oopfactory-x12parser/271-4010-cms-medicare-procedures.txt"] = doc =>
        {
            var s = Single271(doc, out var model);
            var procedures = model.Members.Single().Benefits.Where(b => b.ProcedureCode is not null).Select(b => b.ProcedureCode!.ToString()).ToList();
            Assert.Contains("HC:G0203", procedures);
            Assert.Contains("HC:G0202", procedures);
            Assert.True(procedures.Count >= 8, $"{procedures.Count} procedure benefits");
            Assert.All(model.Members.Single().Benefits.Where(b => b.InformationCode == "D"), b => Assert.Equal(MedicarePart.PartB, b.MedicarePart));
            Assert.Equal(new DateOnly(1993, 2, 1), s.Members.Single().MedicareCoverage(MedicarePart.PartA)!.Start);
            Assert.Equal(0m, s.Members.Single().Service("96")!.Deductible(BenefitLevel.NotSpecified, NetworkScope.NotSpecified, AmountKind.Remaining, MedicarePart.PartB)!.Amount);
        },
        ["oopfactory-x12parser/271-4010-dependent-inactive.txt"] = doc =>
        {
            var s = Single271(doc, out var model);
            var patient = s.Patient!;
            Assert.Equal((true, CoverageStatus.Inactive), (patient.IsDependent, patient.Status));
            Assert.Equal("999999X99X", patient.GroupNumber);
            Assert.Equal(["30"], Assert.Single(patient.InactivePeriods).ServiceTypeCodes);
            Assert.Single(patient.Service("30")!.Messages);
            Assert.Contains(model.Warnings, w => w.Contains("4010", StringComparison.Ordinal));
        },
        ["oopfactory-x12parser/270-5010-example1-ig.txt"] = doc =>
        {
            var inquiry = EligibilityInquiry.FromTransaction(EligibilityReader.Read(doc.Transactions.Single()));
            Assert.Equal(("ABC COMPANY", "842610001", "11122333301", new DateOnly(1943, 5, 19)), (inquiry.PayerName, inquiry.PayerId, inquiry.Subscriber.MemberId, inquiry.Subscriber.DateOfBirth!.Value));
            Assert.Equal(["30"], inquiry.ServiceTypeCodes);
            Assert.Equal(new DateOnly(2006, 5, 1), inquiry.ServiceDate);
        },
        ["oopfactory-x12parser/271-5010-aaa-42-in-2100c.txt"] = doc =>
        {
            var s = Single271(doc, out _);
            Assert.True(s.IsTransientFailure);
            Assert.Equal(("42", AaaLocation.Subscriber, "R"), (s.Issues.Single().ReasonCode, s.Issues.Single().Location, s.Issues.Single().FollowUpCode));
            Assert.Equal(["P"], s.Members.Single().Service("30")!.OtherInformationCodes);
        },
        ["oopfactory-x12parser/ta1-4010-two-accepted.txt"] = doc =>
        {
            Assert.Empty(doc.Transactions);
            Assert.Equal(["0659", "0660"], doc.TechnicalAcknowledgments.Select(a => a.ControlNumber));
            Assert.All(doc.TechnicalAcknowledgments, a => Assert.True(a.Accepted));
        },
        ["oopfactory-x12parser/ta1-5010-rejected-crlf-terminator.txt"] = doc =>
        {
            var ta1 = Assert.Single(doc.TechnicalAcknowledgments);
            Assert.Equal(("900000001", "R", "006", "Invalid interchange sender ID"), (ta1.ControlNumber, ta1.AcknowledgmentCode, ta1.NoteCode, ta1.Note));
            Assert.Equal((byte)'>', doc.Interchanges[0].Header.Delimiters.Element);
            Assert.Empty(doc.EnvelopeErrors);
        },
        ["oopfactory-x12parser/999-wisconsin-ctx.txt"] = doc =>
        {
            var ack = Acknowledgment999.Read(doc.Transactions.Single());
            Assert.Equal(("HC", "17456", "P", 3, 1), (ack.FunctionalIdentifierCode, ack.GroupControlNumber, ack.GroupAcknowledgmentCode, ack.TransactionSetsIncluded, ack.TransactionSetsAccepted));
            Assert.Equal(["A", "R", "R"], ack.TransactionSets.Select(t => t.AcknowledgmentCode));
            var claim = ack.TransactionSets[1].SegmentErrors.Single();
            Assert.Equal(("CLM", 22, "8", "CLM01", "123456789"), (claim.SegmentId, claim.Position, claim.ErrorCode, claim.ContextDetails[0].Name, claim.ContextDetails[0].Reference));
            Assert.Equal(("2", "782", "1"), (claim.Elements[0].Position, claim.Elements[0].DataElementReference, claim.Elements[0].ErrorCode));
            var trigger = ack.TransactionSets[2].SegmentErrors.Single().ContextDetails[0];
            Assert.Equal(("SITUATIONAL TRIGGER", "CLM", 43, 5, 3), (trigger.Name, trigger.SegmentId, trigger.SegmentPosition, trigger.ElementPosition, trigger.ComponentPosition));
            Assert.Equal(["C023", "1325"], trigger.DataElementReferences);
        },
        ["oopfactory-x12parser/278-5010-example-3-1-2-response.txt"] = doc =>
        {
            var review = ServiceReview278.Read(doc.Transactions.Single());
            Assert.Equal("11", review.PurposeCode);
            Assert.Contains(review.Levels, l => l.ActionCode is not null);
        },
        ["oopfactory-x12parser/271-5010-validation-on-all.txt"] = doc =>
        {
            var s = Single271(doc, out var model);
            Assert.Equal(["SE01 says 22 segments but the set has 29"], model.EnvelopeErrors.Select(e => e.Reason));
            Assert.Equal(
                [AaaLocation.Payer, AaaLocation.Payer, AaaLocation.Payer, AaaLocation.Payer, AaaLocation.Provider, AaaLocation.Provider, AaaLocation.Subscriber, AaaLocation.Dependent, AaaLocation.Benefit, AaaLocation.Benefit],
                s.Issues.Select(i => i.Location));
            Assert.Equal(["79", "42", "79", "80", "41", "41", "42", "35", "52", "60"], s.Issues.Select(i => i.ReasonCode));
        },
        ["oopfactory-x12parser/271-5010-error-without-benefits.txt"] = doc =>
        {
            var s = Single271(doc, out _);
            Assert.Contains(s.Issues, i => i.ReasonCode == "42" && i.Location == AaaLocation.Subscriber && i.FollowUpCode == "Y");
            Assert.All(s.Members, m => Assert.Equal(CoverageStatus.Rejected, m.Status));
        },
        ["imsweb-x12-parser/x270.txt"] = doc =>
        {
            var model = EligibilityReader.Read(doc.Transactions.Single());
            Assert.True(model.IsInquiry);
            Assert.Equal(["SE01 says 15 segments but the set has 14", "IEA02 does not match ISA13"], model.EnvelopeErrors.Select(e => e.Reason));
            Assert.Contains(model.Warnings, w => w.StartsWith("version 004010X092A1 is 4010", StringComparison.Ordinal));
            var subscriber = model.Members.Single().Member!;
            Assert.Equal(("DOE", "JANE", "123456"), (subscriber.LastOrOrganizationName, subscriber.FirstName, subscriber.Identification));
            Assert.Equal((new DateOnly(2002, 12, 1), new DateOnly(2002, 12, 31)), (subscriber.Dates[0].Start!.Value, subscriber.Dates[0].End!.Value));
        },
        ["imsweb-x12-parser/x271.txt"] = doc =>
        {
            var s = Single271(doc, out var model);
            Assert.Equal(["SE01 says 22 segments but the set has 18", "IEA02 does not match ISA13"], model.EnvelopeErrors.Select(e => e.Reason));
            var m = s.Members.Single();
            Assert.Equal(("SMITH", CoverageStatus.Active, "GOLD 123 PLAN"), (m.LastName, m.Status, m.PlanName));
            Assert.Equal("MARCUS JONES", model.Members.Single().Benefits.Single().RelatedEntities.Single() is { } pcp ? $"{pcp.FirstName} {pcp.LastOrOrganizationName}" : null);
        },
        ["imsweb-x12-parser/x12_999_accepted.txt"] = doc =>
        {
            var ack = Acknowledgment999.Read(doc.Transactions.Single());
            Assert.True(ack.GroupAccepted);
            Assert.Equal(("837", "0001", "A"), (ack.TransactionSets[0].TransactionSetId, ack.TransactionSets[0].ControlNumber, ack.TransactionSets[0].AcknowledgmentCode));
            Assert.Equal("IEA02 does not match ISA13", Assert.Single(doc.EnvelopeErrors).Reason);
        },
        ["imsweb-x12-parser/x12_999_rejected.txt"] = doc =>
        {
            var ack = Acknowledgment999.Read(doc.Transactions.Single());
            Assert.False(ack.GroupAccepted);
            var set = ack.TransactionSets.Single();
            Assert.Equal(("R", "5", "NM", 17, "1"), (set.AcknowledgmentCode, set.ErrorCodes.Single(), set.SegmentErrors[0].SegmentId, set.SegmentErrors[0].Position, set.SegmentErrors[0].ErrorCode));
        },
        ["linuxforhealth-x12/dependent-health-benefit-check.271"] = doc =>
        {
            var s = Single271(doc, out _);
            var patient = s.Patient!;
            Assert.Equal(("MARY", CoverageStatus.Active, "GOLD 123 PLAN"), (patient.FirstName, patient.Status, patient.PlanName));
            Assert.Equal((10.00m, 30.00m), (patient.Service("MH")!.Copay(NetworkScope.InNetwork)!.Amount!.Value, patient.Service("MH")!.Copay(NetworkScope.OutOfNetwork)!.Amount!.Value));
            Assert.Equal("841610001", s.PayerId);
        },
        ["linuxforhealth-x12/subscriber-health-benefit-check.271"] = doc =>
        {
            var m = Single271(doc, out _).Members.Single();
            Assert.Equal(("JOHN", CoverageStatus.Active, new DateOnly(2006, 1, 1)), (m.FirstName, m.Status, m.CoverageStart!.Value));
            Assert.Equal(10, m.Services.Count(s => s.Copays.Count == 2));
        },
        ["linuxforhealth-x12/subscriber-health-benefit-check-error.271"] = doc =>
        {
            var s = Single271(doc, out var model);
            Assert.Equal("SE02 does not match ST02", Assert.Single(model.EnvelopeErrors).Reason);
            Assert.Equal(("50", AaaLocation.Provider), (s.Issues.Single().ReasonCode, s.Issues.Single().Location));
        },
        ["linuxforhealth-x12/dependent-health-benefit-check.270"] = doc =>
        {
            var inquiry = EligibilityInquiry.FromTransaction(EligibilityReader.Read(doc.Transactions.Single()));
            Assert.Equal(("MARY", new DateOnly(1978, 10, 14)), (inquiry.Dependent!.FirstName, inquiry.Dependent.DateOfBirth!.Value));
            Assert.Equal("11122333301", inquiry.Subscriber.MemberId);
        },
        ["linuxforhealth-x12/demo-single-line.270"] = doc =>
        {
            var model = EligibilityReader.Read(doc.Transactions.Single());
            Assert.Empty(model.Warnings);
            Assert.Equal(["30"], model.Members.Single().Inquiries.Single().ServiceTypeCodes);
        },
        ["pyx12/834_ls_le_ls_5010.999.txt"] = doc =>
        {
            var ack = Acknowledgment999.Read(doc.Transactions.Single());
            Assert.Equal(("BE", "146", "A"), (ack.FunctionalIdentifierCode, ack.GroupControlNumber, ack.GroupAcknowledgmentCode));
            Assert.Equal((byte)'!', doc.Interchanges[0].Header.Delimiters.Repetition);
        },
        ["pyx12/834_lui_id_5010.999.txt"] = doc =>
        {
            Assert.Equal(2, doc.Interchanges[0].Groups.Count);
            Assert.Equal(["0001", "0002", "0003", "0004"], doc.Transactions.Select(t => t.ControlNumber));
            Assert.All(doc.Transactions, t => Assert.True(Acknowledgment999.Read(t).GroupAccepted));
            Assert.Empty(doc.EnvelopeErrors);
        },
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Manifest().Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void Manifest_ListsEveryFileWithSourceAndLicense_AtLeastTwenty()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "manifest.json")));
        var listed = manifest.RootElement.GetProperty("files").EnumerateArray().ToList();
        var onDisk = Directory.GetFiles(Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(f => f != "manifest.json" && !Path.GetFileName(f).StartsWith("LICENSE", StringComparison.Ordinal));

        Assert.True(listed.Count >= 20, $"{listed.Count} files");
        Assert.Equal(onDisk.Order(StringComparer.Ordinal), listed.Select(f => f.GetProperty("file").GetString()).Order(StringComparer.Ordinal));
        Assert.All(listed, f =>
        {
            Assert.StartsWith("https://github.com/", f.GetProperty("url").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("license").GetString()));
            Assert.True(File.Exists(Path.Combine(Root, Path.GetDirectoryName(f.GetProperty("file").GetString())!, "LICENSE"))
                || Directory.GetFiles(Path.Combine(Root, Path.GetDirectoryName(f.GetProperty("file").GetString())!), "LICENSE*").Length > 0);
        });
        Assert.Equal(Expectations.Keys.Order(StringComparer.Ordinal), listed.Select(f => f.GetProperty("file").GetString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Read_ExternalFile_MeansWhatItsAuthorsMeant(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Root, file));

        var doc = X12Reader.Parse(bytes);
        using (var streamed = new X12StreamReader(new TestX12.TricklingStream(bytes, 97)))
        {
            Assert.Equal(doc.Transactions.Select(t => t.Segments.Count), streamed.ReadTransactions().Select(t => t.Segments.Count).ToList());
            Assert.Equal(doc.EnvelopeErrors, streamed.EnvelopeErrors);
            Assert.Equal(doc.TechnicalAcknowledgments, streamed.TechnicalAcknowledgments);
        }

        Expectations[file](doc);
    }

    private static IEnumerable<string> Manifest()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "manifest.json")));
        return [.. manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("file").GetString()!)];
    }

    private static EligibilitySummary Single271(X12Document doc, out EligibilityTransaction model)
    {
        model = EligibilityReader.Read(doc.Transactions.Single());
        Assert.True(model.IsResponse);
        return EligibilityInterpreter.Summarize(model);
    }
}

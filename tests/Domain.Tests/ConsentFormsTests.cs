using PatientAccess.Domain.Forms;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Tests;

/// <summary>Form templates, which forms a visit needs, signatures and withdrawals on the registration.</summary>
public class ConsentFormsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static readonly FormRequirements Requirements = new(
        [new VisitType("imaging", [new CodeRange("70010", "79999")]), new VisitType("surgery", [new CodeRange("10004", "69990")])],
        [
            new FormRule("*", "*", [FormKind.ConsentToTreat, FormKind.PrivacyNoticeAcknowledgement, FormKind.FinancialResponsibility, FormKind.MedicareSecondaryPayer]),
            new FormRule("*", "imaging", [FormKind.ConsentToTreat, FormKind.FinancialResponsibility]),
            new FormRule("EAST", "*", [FormKind.PrivacyNoticeAcknowledgement]),
            new FormRule("EAST", "imaging", [FormKind.FinancialResponsibility, FormKind.MedicareSecondaryPayer]),
        ],
        ["MCARE"]);

    private static Registration NewRegistration() => RegistrationFormTests.Valid().Validate(RegistrationId.New(Guid.NewGuid()), Now);

    private static Appointment Visit(string facility, string code) => NewRegistration().Appointment with
    {
        FacilityId = facility,
        ServiceCodes = [ProcedureCode.TryCreate(code, out var c) ? c : throw new ArgumentException(code)],
    };

    private static CoverageToCheck Coverage(string payerId) => new(payerId, "Plan", "M123", null, CoverageSource.Card);

    [Fact]
    public void Templates_EveryKind_HasTheCurrentVersionInEnglishAndSpanishWithDistinctText()
    {
        foreach (var kind in Enum.GetValues<FormKind>())
        {
            var en = FormTemplates.Current(kind, "en");
            var es = FormTemplates.Current(kind, "es");
            Assert.Equal(FormTemplates.CurrentVersion, en.Version);
            Assert.Equal("es", es.Language);
            Assert.NotEqual(en.TextSha256, es.TextSha256);
            Assert.Matches("^[0-9a-f]{64}$", en.TextSha256);
            Assert.Equal($"{kind}@{FormTemplates.CurrentVersion}/en", en.Id);
        }
        Assert.Equal("en", FormTemplates.Current(FormKind.ConsentToTreat, "fr").Language);
    }

    [Fact]
    public void TextSha256_OneWordChanged_Differs()
    {
        var template = FormTemplates.Current(FormKind.ConsentToTreat, "en");
        Assert.NotEqual(template.TextSha256, (template with { Text = template.Text.Replace("routine", "usual", StringComparison.Ordinal) }).TextSha256);
        Assert.Equal(template.TextSha256, (template with { }).TextSha256);
    }

    [Theory]
    [InlineData("MAIN", "99213", "MCARE", "ConsentToTreat,PrivacyNoticeAcknowledgement,FinancialResponsibility,MedicareSecondaryPayer")]
    [InlineData("MAIN", "99213", "EXH01", "ConsentToTreat,PrivacyNoticeAcknowledgement,FinancialResponsibility")]
    [InlineData("MAIN", "70553", "MCARE", "ConsentToTreat,FinancialResponsibility")]
    [InlineData("EAST", "99213", "MCARE", "PrivacyNoticeAcknowledgement")]
    [InlineData("east", "70553", "MCARE", "FinancialResponsibility,MedicareSecondaryPayer")]
    [InlineData("EAST", "70553", "EXH01", "FinancialResponsibility")]
    public void RequiredFor_FacilityAndVisitType_MostSpecificRuleAndMspOnlyForMedicare(string facility, string code, string payer, string expected)
    {
        var forms = Requirements.RequiredFor(Visit(facility, code), Coverage(payer));

        Assert.Equal(expected, string.Join(',', forms));
    }

    [Fact]
    public void RequiredFor_NoCoverageYet_NoMspQuestionnaire()
    {
        Assert.DoesNotContain(FormKind.MedicareSecondaryPayer, Requirements.RequiredFor(Visit("MAIN", "99213"), null));
        Assert.Equal("surgery", Requirements.VisitTypeOf(Visit("MAIN", "27447")));
        Assert.Equal(FormRequirements.DefaultVisitType, Requirements.VisitTypeOf(Visit("MAIN", "99213")));
    }

    [Fact]
    public void Constructor_NoDefaultRule_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new FormRequirements([], [new FormRule("MAIN", "*", [FormKind.ConsentToTreat])], []));
        Assert.Contains("default rule", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UnknownVisitTypeOrDuplicateRule_Refused()
    {
        Assert.Throws<ArgumentException>(() => new FormRequirements([], [new FormRule("*", "*", []), new FormRule("*", "dental", [])], []));
        Assert.Throws<ArgumentException>(() => new FormRequirements([], [new FormRule("*", "*", []), new FormRule("*", "*", [])], []));
    }

    private static FormSignature Signature(FormKind kind, string requestId, DateTimeOffset at)
    {
        var template = FormTemplates.Current(kind, "en");
        return new FormSignature($"sig-{requestId}", kind, template.Id, template.Version, "en", template.TextSha256, template.Intent, "Jordan Sample",
            SignerRole.Patient, null, at, SignatureMethod.Electronic, "linkhash", null, requestId, $"forms/r/{requestId}.pdf", new string('a', 64));
    }

    [Fact]
    public void RecordSignature_ReplayedRequest_RecordsOneSignature()
    {
        var registration = NewRegistration();

        Assert.True(registration.RecordSignature(Signature(FormKind.ConsentToTreat, "req-1", Now), Now));
        Assert.False(registration.RecordSignature(Signature(FormKind.ConsentToTreat, "req-1", Now.AddSeconds(3)) with { Id = "sig-other" }, Now.AddSeconds(3)));

        Assert.Single(registration.Forms.Signatures);
        Assert.Equal(FormState.InForce, registration.Forms.StateOf(FormKind.ConsentToTreat));
    }

    [Fact]
    public void WithdrawForm_Signed_CountsAsMissingUntilSignedAgain()
    {
        var registration = NewRegistration();
        var required = new[] { FormKind.ConsentToTreat, FormKind.FinancialResponsibility };
        registration.RecordSignature(Signature(FormKind.ConsentToTreat, "req-1", Now), Now);
        registration.RecordSignature(Signature(FormKind.FinancialResponsibility, "req-2", Now), Now);
        Assert.Empty(registration.Forms.Missing(required));

        Assert.True(registration.WithdrawForm(new FormWithdrawal(FormKind.ConsentToTreat, Now.AddHours(1), "patient", "")));
        Assert.False(registration.WithdrawForm(new FormWithdrawal(FormKind.ConsentToTreat, Now.AddHours(2), "patient", "")));
        Assert.Equal([FormKind.ConsentToTreat], registration.Forms.Missing(required));
        Assert.Null(registration.Forms.SignatureOf(FormKind.ConsentToTreat));
        Assert.Equal(FormState.Withdrawn, registration.Forms.StateOf(FormKind.ConsentToTreat));

        registration.RecordSignature(Signature(FormKind.ConsentToTreat, "req-3", Now.AddHours(3)), Now.AddHours(3));
        Assert.Empty(registration.Forms.Missing(required));
        Assert.Equal("req-3", registration.Forms.SignatureOf(FormKind.ConsentToTreat)!.RequestId);
    }

    [Fact]
    public void StateOf_WithdrawalAtTheSameInstantAsTheSignature_Withdrawn()
    {
        var records = FormRecords.Empty with
        {
            Signatures = [Signature(FormKind.ConsentToTreat, "r", Now)],
            Withdrawals = [new FormWithdrawal(FormKind.ConsentToTreat, Now, "patient", "")],
        };
        Assert.Equal(FormState.Withdrawn, records.StateOf(FormKind.ConsentToTreat));
        Assert.Equal(FormState.NotSigned, records.StateOf(FormKind.FinancialResponsibility));
    }

    [Fact]
    public void RecordMsp_SameAnswersTwice_RecordedOnce()
    {
        var registration = NewRegistration();
        var answers = new MspAnswers(false, false, false, false, false, MedicareBasis.Age, PatientCurrentlyEmployed: false, SpouseOrFamilyCurrentlyEmployed: false);

        Assert.True(registration.RecordMsp(MspRecord.From(answers, FormTemplates.CurrentVersion, Now)));
        Assert.False(registration.RecordMsp(MspRecord.From(answers, FormTemplates.CurrentVersion, Now.AddMinutes(1))));
        Assert.Equal(PrimaryPayer.Medicare, registration.Forms.Msp!.Order[0].Payer);
    }
}

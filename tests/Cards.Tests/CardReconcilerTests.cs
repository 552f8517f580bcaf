using CsCheck;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Cards.Tests;

public class CardReconcilerTests
{
    private static CardField<string> F(string v, double c = 0.95) => new(v, c, CardEngine.DocumentIntelligence);

    private static InsuranceCard Card(string? memberId = "ZQX 123-456-789", string? group = "GRP-00417", string? insurer = "Fakeland Health Plan",
        double idConfidence = 0.95, double groupConfidence = 0.95) => new()
        {
            Insurer = insurer is null ? null : F(insurer),
            IdNumber = memberId is null ? null : new CardIdNumber { Number = F(memberId, idConfidence) },
            GroupNumber = group is null ? null : F(group, groupConfidence),
        };

    private static CardReconciliation.Settled Settled(CardReconciliation r) => Assert.IsType<CardReconciliation.Settled>(r);

    private static IReadOnlyList<ReviewFinding> Review(CardReconciliation r) => Assert.IsType<CardReconciliation.NeedsReview>(r).Findings;

    [Fact]
    public void Reconcile_CardAgreesWithTypedAfterNormalisation_SettlesFromBoth()
    {
        var r = Settled(CardReconciler.Reconcile(Card(), new TypedInsurance("FAKELAND HEALTH", null, "zqx123456789", "grp 00417")));
        Assert.Equal(new SourcedValue("ZQX123456789", ValueSource.CardAndTyped), r.Coverage.MemberId);
        Assert.Equal(new SourcedValue("GRP00417", ValueSource.CardAndTyped), r.Coverage.GroupNumber);
        Assert.Equal(ValueSource.CardAndTyped, r.Coverage.PayerName!.Source);
    }

    [Fact]
    public void ToCoverageToCheck_GivesTheRegistrationForm()
    {
        var settled = Settled(CardReconciler.Reconcile(Card(), new TypedInsurance(null, "12345", null, null)));
        var coverage = settled.Coverage.ToCoverageToCheck();
        Assert.Equal(new CoverageToCheck("12345", "Fakeland Health Plan", "ZQX123456789", "GRP00417", CoverageSource.Card), coverage);
    }

    [Fact]
    public void Reconcile_NothingTyped_ConfidentCardSettlesFromCard()
    {
        var r = Settled(CardReconciler.Reconcile(Card(), new TypedInsurance(null, null, null, null)));
        Assert.Equal(ValueSource.Card, r.Coverage.MemberId.Source);
        Assert.Equal(ValueSource.Card, r.Coverage.GroupNumber!.Source);
        Assert.Equal("Fakeland Health Plan", r.Coverage.PayerName!.Value);
    }

    [Fact]
    public void Reconcile_MemberIdDisagrees_NeedsReviewWithoutValuesInReason()
    {
        var findings = Review(CardReconciler.Reconcile(Card(), new TypedInsurance(null, null, "ZQX123456780", null)));
        var f = Assert.Single(findings);
        Assert.Equal(CardReconciler.MemberIdField, f.Field);
        Assert.DoesNotContain("123456", f.Reason, StringComparison.Ordinal);
        Assert.Contains("differs", f.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_LowConfidenceMemberIdWithNothingTyped_NeedsReview()
    {
        var f = Assert.Single(Review(CardReconciler.Reconcile(Card(idConfidence: 0.5), new TypedInsurance(null, null, null, null))));
        Assert.Equal(CardReconciler.MemberIdField, f.Field);
        Assert.Contains("low confidence", f.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_LowConfidenceMemberIdCorroboratedByTyped_Settles() =>
        Assert.Equal(ValueSource.CardAndTyped,
            Settled(CardReconciler.Reconcile(Card(idConfidence: 0.5), new TypedInsurance(null, null, "ZQX123456789", null))).Coverage.MemberId.Source);

    [Fact]
    public void Reconcile_NoiseLevelMemberIdEvenIfEqual_NeedsReview() =>
        Assert.Single(Review(CardReconciler.Reconcile(Card(idConfidence: 0.2), new TypedInsurance(null, null, "ZQX123456789", null))));

    [Fact]
    public void Reconcile_PolicyThresholds_AreConfigurable()
    {
        var lenient = new ReconciliationPolicy { AcceptConfidence = 0.4 };
        Settled(CardReconciler.Reconcile(Card(idConfidence: 0.5), new TypedInsurance(null, null, null, null), lenient));
    }

    [Fact]
    public void Reconcile_GenericPayer_DoesNotForgiveOAndZeroConfusion()
    {
        // Without a payer format rule an O might be a letter: "ZQXO" and "ZQX0" are different ids.
        var r = CardReconciler.Reconcile(Card(memberId: "ZQXO23456789"), new TypedInsurance(null, null, "ZQX023456789", null));
        Assert.Equal(CardReconciler.MemberIdField, Assert.Single(Review(r)).Field);
    }

    [Fact]
    public void Reconcile_MedicareMbi_CorrectsOAndIWhereTheFormatAllowsOnlyDigits()
    {
        // MBI 1EG4-TE5-MK73 (CMS's published example). OCR read a 0 as O? MBIs never contain O or I.
        var card = new InsuranceCard
        {
            Insurer = F("Medicare Health Insurance"),
            MedicareMedicaidInfo = new CardMedicareMedicaidInfo { Id = F("IEG4-TE5-MK73") },
        };
        var r = Settled(CardReconciler.Reconcile(card, new TypedInsurance("Medicare", null, "1EG4TE5MK73", null)));
        Assert.Equal(new SourcedValue("1EG4TE5MK73", ValueSource.CardAndTyped), r.Coverage.MemberId);
        Assert.Null(r.Coverage.GroupNumber);
    }

    [Fact]
    public void Reconcile_MedicareIdBreakingMbiFormat_NeedsReview()
    {
        var card = new InsuranceCard { Insurer = F("Medicare"), MedicareMedicaidInfo = new CardMedicareMedicaidInfo { Id = F("1EG4TE5MK7") } };
        var f = Assert.Single(Review(CardReconciler.Reconcile(card, new TypedInsurance(null, null, null, null))));
        Assert.Contains("format", f.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_CardWithoutMemberIdButTyped_UsesTyped() =>
        Assert.Equal(ValueSource.Typed,
            Settled(CardReconciler.Reconcile(Card(memberId: null), new TypedInsurance(null, null, "ABC-1", null))).Coverage.MemberId.Source);

    [Fact]
    public void Reconcile_NoCardNoTypedId_NeedsReview() =>
        Assert.Contains(Review(CardReconciler.Reconcile(null, new TypedInsurance("Acme", null, null, null))), f => f.Field == CardReconciler.MemberIdField);

    [Fact]
    public void Reconcile_NoPayerAnywhere_NeedsReview() =>
        Assert.Contains(Review(CardReconciler.Reconcile(Card(insurer: null), new TypedInsurance(null, null, null, null))), f => f.Field == CardReconciler.PayerField);

    [Fact]
    public void Reconcile_DifferentInsurer_NeedsReview() =>
        Assert.Contains(Review(CardReconciler.Reconcile(Card(), new TypedInsurance("Nowhere Mutual", null, null, null))), f => f.Field == CardReconciler.PayerField);

    [Fact]
    public void Reconcile_GroupDisagrees_NeedsReviewNamingGroup() =>
        Assert.Equal(CardReconciler.GroupNumberField, Assert.Single(Review(CardReconciler.Reconcile(Card(), new TypedInsurance(null, null, null, "GRP00418")))).Field);

    [Fact]
    public void Reconcile_LowConfidenceGroup_NeedsReview() =>
        Assert.Equal(CardReconciler.GroupNumberField, Assert.Single(Review(CardReconciler.Reconcile(Card(groupConfidence: 0.3), new TypedInsurance(null, null, null, null)))).Field);

    [Theory]
    [InlineData("Fakeland Health Plan, Inc.", "FAKELAND", true)]
    [InlineData("Blue Pretend Shield of Nowhere", "blue pretend shield", true)]
    [InlineData("Acme Health", "Zenith Health", false)]
    [InlineData("Health Plan", "Health Plan Inc", false)]
    public void PayerNamesAgree_ComparesDistinctiveWords(string a, string b, bool expected) =>
        Assert.Equal(expected, CardReconciler.PayerNamesAgree(a, b));

    [Fact]
    public void Reconcile_RandomInputs_NeverThrowAndFindingsCarryNoIdValues()
    {
        var gId = Gen.String[Gen.Char["ABCOI01 -9"], 0, 14];
        var gConf = Gen.Double[0, 1];
        Gen.Select(gId, gId, gConf, Gen.Bool).Sample((cardId, typedId, conf, medicare) =>
        {
            var card = new InsuranceCard
            {
                Insurer = F(medicare ? "Medicare" : "Acme"),
                IdNumber = new CardIdNumber { Number = F(cardId, conf) },
            };
            var r = CardReconciler.Reconcile(card, new TypedInsurance(null, null, typedId, null));
            if (r is CardReconciliation.NeedsReview nr)
            {
                foreach (var f in nr.Findings)
                {
                    var id = MemberIdFormat.Normalize(cardId);
                    if (id.Length >= 4) Assert.DoesNotContain(id, f.Reason, StringComparison.Ordinal);
                }
            }
            else
            {
                var s = (CardReconciliation.Settled)r;
                Assert.NotEmpty(s.Coverage.MemberId.Value);
                Assert.All(s.Coverage.MemberId.Value, c => Assert.True(char.IsAsciiLetterOrDigit(c) && !char.IsAsciiLetterLower(c)));
            }
        }, iter: 5_000);
    }

    [Theory]
    [InlineData("1EG4TE5MK73", true)]
    [InlineData("1EG4TE5MK7", false)]
    [InlineData("0EG4TE5MK73", false)] // first position is 1-9
    [InlineData("1SG4TE5MK73", false)] // S is not an MBI letter
    public void MemberIdFormat_MbiMask_Matches(string id, bool expected) =>
        Assert.Equal(expected, new MemberIdFormat("MBI", "CMWNMWNMMNN").Matches(id));

    [Fact]
    public void MemberIdFormat_Correct_OnlySwapsWhereMaskForbidsTheOtherReading()
    {
        var f = new MemberIdFormat("3 letters + 6 digits", "AAANNNNNN");
        Assert.Equal("OIA010101", f.Correct("0IAOIOIOI"));
        Assert.Null(f.Correct("OIA01010X"));
    }

    private static readonly PersonName Patient = new("Riley", "Testperson");

    private static InsuranceCard Named(string? member, string? subscriber = null, double nameConfidence = 0.95, params string[] dependents) => Card() with
    {
        Member = member is null ? null : new CardMember { Name = F(member, nameConfidence) },
        Subscriber = subscriber is null ? null : new CardSubscriber { Name = F(subscriber) },
        Dependents = [.. dependents.Select(d => new CardDependent { Name = F(d) })],
    };

    private static TypedInsurance Typed(string? subscriber = null, string? relationship = null) =>
        new("FAKELAND HEALTH", null, "ZQX123456789", "GRP00417", subscriber, relationship);

    [Theory]
    [InlineData("RILEY TESTPERSON")]
    [InlineData("RILEY Q TESTPERSON")]
    [InlineData("TESTPERSON, RILEY")]
    [InlineData("RILEY TESTPERS0N")] // one OCR slip
    public void Reconcile_CardNamesThePatient_SettlesAsSubscriber(string printed)
    {
        var r = Settled(CardReconciler.Reconcile(Named(printed), Typed(), patient: Patient));
        Assert.True(r.Coverage.PatientIsSubscriber);
    }

    [Fact]
    public void Reconcile_CardNamesSomeoneElse_NeedsReviewOnTheName()
    {
        var findings = Review(CardReconciler.Reconcile(Named("JORDAN SAMPLETON"), Typed(), patient: Patient));
        var f = Assert.Single(findings);
        Assert.Equal(CardReconciler.MemberNameField, f.Field);
        Assert.DoesNotContain("JORDAN", f.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Reconcile_FaintNameOfSomeoneElse_DoesNotBlock()
    {
        var r = Settled(CardReconciler.Reconcile(Named("JORDAN SAMPLETON", nameConfidence: 0.6), Typed(), patient: Patient));
        Assert.True(r.Coverage.PatientIsSubscriber);
    }

    [Fact]
    public void Reconcile_SubscribersCardAndPatientSaidDependent_SettlesAsDependent()
    {
        var r = Settled(CardReconciler.Reconcile(Named("JORDAN TESTPERSON"), Typed("Jordan Testperson", "child"), patient: Patient));
        Assert.False(r.Coverage.PatientIsSubscriber);
        Assert.False(r.Coverage.ToCoverageToCheck().PatientIsSubscriber);
    }

    [Fact]
    public void Reconcile_SubscribersCardButPatientSaidSelf_NeedsReview()
    {
        var findings = Review(CardReconciler.Reconcile(Named("JORDAN TESTPERSON"), Typed("Jordan Testperson", "self"), patient: Patient));
        Assert.Equal(CardReconciler.MemberNameField, Assert.Single(findings).Field);
    }

    [Fact]
    public void Reconcile_DependentCardNamingPatientAndTypedSubscriber_SettlesAsDependent()
    {
        var r = Settled(CardReconciler.Reconcile(Named("RILEY TESTPERSON", "JORDAN TESTPERSON"), Typed("Jordan Testperson", "child"), patient: Patient));
        Assert.False(r.Coverage.PatientIsSubscriber);
    }

    [Fact]
    public void Reconcile_DependentCardWithAnotherSubscriberThanTyped_NeedsReview()
    {
        var findings = Review(CardReconciler.Reconcile(Named("RILEY TESTPERSON", "CASEY MOCKLEY"), Typed("Jordan Testperson", "child"), patient: Patient));
        Assert.Equal(CardReconciler.MemberNameField, Assert.Single(findings).Field);
    }

    [Fact]
    public void Reconcile_SubscribersCardListingThePatientAsDependent_SettlesAsDependent()
    {
        var r = Settled(CardReconciler.Reconcile(Named("JORDAN TESTPERSON", null, 0.95, "RILEY TESTPERSON", "CASEY TESTPERSON"), Typed(), patient: Patient));
        Assert.False(r.Coverage.PatientIsSubscriber);
    }

    [Fact]
    public void Reconcile_NoPatientGiven_NamesAreNotChecked()
    {
        Settled(CardReconciler.Reconcile(Named("JORDAN SAMPLETON"), Typed()));
    }

    [Theory]
    [InlineData("ALEX TESTPERSON", "Alexander", "Testperson", true)]
    [InlineData("ALEXANDER TESTPERSON", "Alex", "Testperson", true)]
    [InlineData("MARIA GARCIA LOPEZ", "María", "García López", true)]
    [InlineData("ALEX TESTPERSON JR", "Alex", "Testperson", true)]
    [InlineData("AL TESTPERSON", "Alex", "Testperson", false)]
    [InlineData("ALEX SAMPLETON", "Alex", "Testperson", false)]
    [InlineData("TESTPERSON", "Alex", "Testperson", false)]
    public void SamePerson_PrintedAgainstRegistered(string printed, string given, string family, bool expected)
    {
        Assert.Equal(expected, CardNames.SamePerson(printed, new PersonName(given, family)));
    }
}

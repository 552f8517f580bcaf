using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Tests;

/// <summary>Service lines' prior authorizations on the registration, and the stages the authorization phase adds.</summary>
public class AuthorizationLineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static Registration NewRegistration() =>
        RegistrationFormTests.Valid().Validate(RegistrationId.New(Guid.NewGuid()), Now);

    private static AuthorizationRecord Record(string lineKey, AuthorizationState state, ItemDecision? decision = null, NeedDecision? need = null) =>
        new($"r-auth-{lineKey}", "r", lineKey, "SBXPPO", "key", "70551", new DateOnly(2026, 12, 15), new DateOnly(2026, 12, 15), 1, state, Now,
            Need: need, Decision: decision, PayerReference: "SBXREF000001");

    [Fact]
    public void RecordAuthorization_SameLineAgain_ReplacedOnceAndKeptInLineOrder()
    {
        var registration = NewRegistration();
        var ten = AuthorizationLine.From(Record("10", AuthorizationState.Submitted), "sent", Now);
        var two = AuthorizationLine.From(Record("2", AuthorizationState.Submitted), "sent", Now);

        Assert.True(registration.RecordAuthorization(ten, Now));
        Assert.True(registration.RecordAuthorization(two, Now));
        Assert.False(registration.RecordAuthorization(two with { UpdatedAt = Now.AddMinutes(1) }, Now.AddMinutes(1)));
        Assert.True(registration.RecordAuthorization(two with { State = AuthorizationState.Approved }, Now.AddMinutes(2)));

        Assert.Equal(["2", "10"], registration.Authorizations.Select(a => a.LineKey));
        Assert.Equal(AuthorizationState.Approved, registration.Authorizations[0].State);
    }

    [Fact]
    public void From_ApprovedRecord_CarriesNumberDatesUnitsAndNoDeadline()
    {
        var decision = new ItemDecision(1, "70551", AuthorizationDecisionKind.Approved, "A1", "SBXAUTH000004", new DateOnly(2026, 12, 15), new DateOnly(2027, 1, 15), 1, []);
        var record = Record("2", AuthorizationState.Approved, decision) with
        {
            Clock = new DecisionDeadline(AuthorizationUrgency.Standard, Now, Now.AddDays(6), Now.AddDays(7)),
            DecidedAt = Now.AddMinutes(1),
        };

        var line = AuthorizationLine.From(record, AuthorizationLine.ReasonFor(record, null), Now);

        Assert.Equal(("review-a1", "SBXAUTH000004", "SBXREF000001"), (line.ReasonCode, line.AuthorizationNumber, line.PayerReference));
        Assert.Equal((new DateOnly(2026, 12, 15), new DateOnly(2027, 1, 15), 1m), (line.ApprovedFrom!.Value, line.ApprovedTo!.Value, line.ApprovedUnits!.Value));
        Assert.Null(line.DeadlineAt);
        Assert.Equal("The payer approved the authorization (authorization number SBXAUTH000004), valid 2026-12-15 to 2027-01-15.", line.Reason);
    }

    [Fact]
    public void ReasonFor_States_ExplainedInPlainWords()
    {
        var need = new NeedDecision(AuthorizationNeed.NotNeeded, AuthorizationNeedPolicy.PayerRuleNotRequired, "The payer's list needs no authorization for this code.");
        var pended = Record("1", AuthorizationState.Pended) with { Clock = new DecisionDeadline(AuthorizationUrgency.Standard, Now, Now.AddDays(6), Now.AddDays(7)) };

        Assert.Equal(need.Reason, AuthorizationLine.ReasonFor(Record("1", AuthorizationState.NotNeeded, need: need), null));
        Assert.Equal("The payer is reviewing the request; its decision is due by 2026-12-05 12:00 UTC (CMS-0057-F).", AuthorizationLine.ReasonFor(pended, null));
        Assert.Equal("Service line 1: denied.", AuthorizationLine.ReasonFor(Record("1", AuthorizationState.Denied), "Service line 1: denied."));
        Assert.Equal(pended.Clock!.Deadline, AuthorizationLine.From(pended, "x", Now).DeadlineAt);
    }

    /// <summary>
    /// Authorized is a stage the clearance passes through (the estimate and the consents follow): the pre-visit re-check
    /// waits for the clearance's end, Cleared; no card photo is taken once authorization started.
    /// </summary>
    [Fact]
    public void EligibilityRecheckAt_AuthorizedThenCleared_RecheckedOnlyOnceTheClearanceEnded()
    {
        var registration = NewRegistration();
        registration.RecordEligibility(new EligibilitySnapshot(CoverageStatus.Active, null, null, null, null, null, [], [], null, Now), Now);
        registration.Advance(ClearanceStage.AuthorizationPending, "auth-started", "1 service line(s) checked for prior authorization", null, Now);
        Assert.False(CardUploadPolicy.AcceptsCards(registration));
        registration.Advance(ClearanceStage.Authorized, "auth-done", "1 Approved", null, Now);

        Assert.Null(registration.EligibilityRecheckAt);
        Assert.False(CardUploadPolicy.AcceptsCards(registration));

        registration.Advance(ClearanceStage.Cleared, "cleared", "cleared with estimate", null, Now);
        Assert.Equal(registration.Appointment.ScheduledAt - Registration.EligibilityRecheckLead, registration.EligibilityRecheckAt);
    }
}

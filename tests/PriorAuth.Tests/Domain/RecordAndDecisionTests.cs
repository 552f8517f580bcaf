using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.PriorAuth.Tests.Domain;

public class RecordAndDecisionTests
{
    private static readonly DateOnly Day = new(2026, 12, 15);

    private static AuthorizationRecord Record(AuthorizationState state, string payer = "SBXPPO", string member = "100000001", string code = "70551",
        DateOnly? from = null, DateOnly? to = null, decimal? units = null) => new(
        "r-auth-1", "r", "1", payer, AuthorizationRecord.MemberKeyFor(payer, member), code, Day, Day, 1, state, DateTimeOffset.UnixEpoch,
        Decision: new ItemDecision(1, code, AuthorizationDecisionKind.Approved, "A1", "AUTH1", from ?? Day.AddDays(-10), to ?? Day.AddDays(20), units, []));

    [Theory]
    [InlineData(AuthorizationState.Open, AuthorizationState.Submitted, true)]
    [InlineData(AuthorizationState.Submitted, AuthorizationState.Pended, true)]
    [InlineData(AuthorizationState.Pended, AuthorizationState.Approved, true)]
    [InlineData(AuthorizationState.Submitted, AuthorizationState.NotNeeded, true)]
    [InlineData(AuthorizationState.Pended, AuthorizationState.Submitted, false)]
    [InlineData(AuthorizationState.Approved, AuthorizationState.Pended, false)]
    [InlineData(AuthorizationState.Approved, AuthorizationState.Denied, false)]
    [InlineData(AuthorizationState.Approved, AuthorizationState.Cancelled, true)]
    [InlineData(AuthorizationState.Denied, AuthorizationState.Submitted, true)]
    [InlineData(AuthorizationState.NeedsSpecialist, AuthorizationState.Submitted, true)]
    [InlineData(AuthorizationState.Cancelled, AuthorizationState.Submitted, false)]
    [InlineData(AuthorizationState.Pended, AuthorizationState.Open, false)]
    [InlineData(AuthorizationState.Pended, AuthorizationState.Pended, false)]
    public void CanMoveTo_NeverBackwards(AuthorizationState from, AuthorizationState to, bool allowed)
    {
        Assert.Equal(allowed, Record(from).CanMoveTo(to));
    }

    [Fact]
    public void MemberKeyFor_SameMemberAnyCaseOrSpacing_SameKeyWithoutTheId()
    {
        var key = AuthorizationRecord.MemberKeyFor("SBXPPO", "abc123456");
        Assert.Equal(key, AuthorizationRecord.MemberKeyFor(" sbxppo", "ABC123456 "));
        Assert.NotEqual(key, AuthorizationRecord.MemberKeyFor("SBXHMO", "ABC123456"));
        Assert.DoesNotContain("ABC123456", key, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Reuse_ApprovedCoveringSamePayerMemberCodeDatesUnits_IsFound()
    {
        var line = new ServiceLine("1", ProcedureCode.TryCreate("70551", out var c) ? c : null!, 1, "22", Day, Day);
        var key = AuthorizationRecord.MemberKeyFor("SBXPPO", "100000001");
        var good = Record(AuthorizationState.Approved) with { Id = "good" };

        Assert.Equal("good", AuthorizationReuse.Find(line, "SBXPPO", key, [good])?.Id);
        Assert.Null(AuthorizationReuse.Find(line, "SBXPPO", key, [Record(AuthorizationState.Pended)]));
        Assert.Null(AuthorizationReuse.Find(line, "SBXPPO", key, [Record(AuthorizationState.Approved, member: "100000002")]));
        Assert.Null(AuthorizationReuse.Find(line, "SBXPPO", key, [Record(AuthorizationState.Approved, code: "70553")]));
        Assert.Null(AuthorizationReuse.Find(line, "SBXPPO", key, [Record(AuthorizationState.Approved, to: Day.AddDays(-1))]));
        Assert.Null(AuthorizationReuse.Find(line, "SBXPPO", key, [Record(AuthorizationState.Approved, units: 0.5m)]));
        Assert.Null(AuthorizationReuse.Find(line, "SBXHMO", key, [good]));
    }

    [Theory]
    [InlineData("A1", AuthorizationDecisionKind.Approved)]
    [InlineData("A2", AuthorizationDecisionKind.Modified)]
    [InlineData("a6", AuthorizationDecisionKind.Modified)]
    [InlineData("A3", AuthorizationDecisionKind.Denied)]
    [InlineData("A4", AuthorizationDecisionKind.Pended)]
    [InlineData("CT", AuthorizationDecisionKind.Pended)]
    [InlineData("C", AuthorizationDecisionKind.Cancelled)]
    [InlineData("NA", AuthorizationDecisionKind.NoActionRequired)]
    [InlineData("ZZ", AuthorizationDecisionKind.Error)]
    [InlineData(null, AuthorizationDecisionKind.Error)]
    public void ToDecision_ReviewActionCodes(string? code, AuthorizationDecisionKind expected)
    {
        Assert.Equal(expected, ReviewActions.ToDecision(code));
    }

    [Theory]
    [InlineData("complete", null, AuthorizationDecisionKind.Approved)]
    [InlineData("complete", "Denied: not medically necessary", AuthorizationDecisionKind.Denied)]
    [InlineData("queued", null, AuthorizationDecisionKind.Pended)]
    [InlineData("partial", null, AuthorizationDecisionKind.Pended)]
    [InlineData("error", null, AuthorizationDecisionKind.Error)]
    public void FromOutcome_OlderResponsesWithoutReviewAction(string outcome, string? disposition, AuthorizationDecisionKind expected)
    {
        Assert.Equal(expected, ReviewActions.FromOutcome(outcome, disposition));
    }

    [Fact]
    public void ForDecision_DeniedModifiedContact_WorkItemsWithRemediesAndNoPatientValues()
    {
        var denied = AuthorizationFollowUp.ForDecision("2", new ItemDecision(1, "70551", AuthorizationDecisionKind.Denied, "A3", null, null, null, null, [new DecisionReason("AA")]))!;
        var modified = AuthorizationFollowUp.ForDecision("2", new ItemDecision(1, "97110", AuthorizationDecisionKind.Modified, "A6", "N1", Day, Day, 2, []))!;
        var contact = AuthorizationFollowUp.ForDecision("2", new ItemDecision(1, null, AuthorizationDecisionKind.Pended, "CT", null, null, null, null, []))!;

        Assert.Equal(WorkItemReason.AuthorizationDenied, denied.Reason);
        Assert.Contains("peer-to-peer", denied.SuggestedAction, StringComparison.Ordinal);
        Assert.Contains("resubmit with documentation", denied.SuggestedAction, StringComparison.Ordinal);
        Assert.Contains("reschedule", denied.SuggestedAction, StringComparison.Ordinal);
        Assert.Contains("cancel", denied.SuggestedAction, StringComparison.Ordinal);
        Assert.Contains("reason codes AA", denied.Explanation, StringComparison.Ordinal);
        Assert.Equal(WorkItemReason.AuthorizationModified, modified.Reason);
        Assert.Contains("2 unit(s) approved", modified.Explanation, StringComparison.Ordinal);
        Assert.Equal(WorkItemReason.AuthorizationNeedsDocumentation, contact.Reason);
        Assert.Null(AuthorizationFollowUp.ForDecision("2", new ItemDecision(1, null, AuthorizationDecisionKind.Approved, "A1", "X", null, null, null, [])));
        Assert.Null(AuthorizationFollowUp.ForDecision("2", new ItemDecision(1, null, AuthorizationDecisionKind.Pended, "A4", null, null, null, null, [])));
    }

    [Fact]
    public void PatientMessage_AllClearedVisitReady_AnyProblemCallUs_OpenLineNothingYet()
    {
        Assert.Equal(MessagePurpose.VisitReady, AuthorizationFollowUp.PatientMessage([AuthorizationState.Approved, AuthorizationState.NotNeeded, AuthorizationState.Reused]));
        Assert.Equal(MessagePurpose.AuthorizationUpdate, AuthorizationFollowUp.PatientMessage([AuthorizationState.Approved, AuthorizationState.Denied]));
        Assert.Null(AuthorizationFollowUp.PatientMessage([AuthorizationState.Approved, AuthorizationState.Pended]));
    }

    [Theory]
    [InlineData(MessageLanguage.English, "an update about your visit on Sep 30: please call us")]
    [InlineData(MessageLanguage.Spanish, "novedades de su cita del 30 sep: llamenos")]
    public void Render_AuthorizationUpdateSms_CarriesTheVisitDateOnlyAndPassesTheGuard(MessageLanguage language, string expected)
    {
        var values = new TemplateValues("Mercy General", new Uri("https://pa.example.org/r/Xy7Kp2Qm"), VisitDate: new DateOnly(2026, 9, 30));

        var message = NotificationTemplates.Render(MessagePurpose.AuthorizationUpdate, NotificationChannel.Sms, language, values);

        Assert.Contains(expected, message.Body, StringComparison.Ordinal);
        Assert.True(SmsEncoding.Analyze(message.Body).Units <= 160);
    }

    [Fact]
    public void Render_VisitReadyWithoutVisitDate_IsRefusedNamingTheField()
    {
        var ex = Assert.Throws<PatientAccess.Domain.Common.ValidationException>(() => NotificationTemplates.Render(
            MessagePurpose.VisitReady, NotificationChannel.Sms, MessageLanguage.English, new TemplateValues("Mercy General", new Uri("https://pa.example.org/r/X"))));
        Assert.Contains(ex.Errors, e => e.Field == "values.visitDate");
    }

    [Fact]
    public void CheckSms_AnotherDateThanTheVisit_StillFlagged()
    {
        var body = "Mercy General: your visit on Sep 30 is ready, born Oct 1. https://pa.example.org/r/X Free msg. Reply STOP to opt out";
        var errors = NotificationTemplates.CheckSms(body, MessageLanguage.English, true, new Uri("https://pa.example.org/r/X"), null, visitDate: "Sep 30");
        Assert.Contains(errors, e => e.Message.Contains("Date", StringComparison.Ordinal));
    }
}

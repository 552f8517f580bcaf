using System.Globalization;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.PriorAuth.Tests.Infrastructure;
using PatientAccess.PriorAuth.Tests.Workflow;

namespace PatientAccess.PriorAuth.Tests.Adapters;

/// <summary>
/// The Cosmos authorization store's lookups across registrations (an approval on file, a record by the payer's
/// reference), which go through lookup keys instead of a cross-partition query: what they find and what they must not.
/// </summary>
[Collection(nameof(PriorAuthHostGroup))]
public sealed class AuthorizationStoreTests(PriorAuthHost host)
{
    private static readonly DateOnly VisitDay = DateOnly.FromDateTime(DateTime.UtcNow.Date).AddDays(14);

    [Fact]
    public async Task ListApproved_AnApprovalForTheSameMemberAndCode_FoundFromAnotherRegistration()
    {
        var member = AuthorizationRecord.MemberKeyFor("SBXPPO", UniqueMember());
        var approved = Approved(Record(member, "70551"), "SBX-A1");
        await host.Authorizations.SaveAsync(approved, null, CancellationToken.None);

        var found = await host.Authorizations.ListApprovedAsync("sbxppo ", member, "70551", CancellationToken.None);

        Assert.Equal(approved.Id, Assert.Single(found).Id);
    }

    [Fact]
    public async Task ListApproved_OtherMemberOtherCodeOtherPayerOrNotApproved_NotFound()
    {
        var member = AuthorizationRecord.MemberKeyFor("SBXPPO", UniqueMember());
        var other = AuthorizationRecord.MemberKeyFor("SBXPPO", UniqueMember());
        await host.Authorizations.SaveAsync(Approved(Record(member, "70551"), "SBX-B1"), null, CancellationToken.None);
        await host.Authorizations.SaveAsync(Record(member, "70553") with { State = AuthorizationState.Pended, PayerReference = "SBX-B2" }, null, CancellationToken.None);

        Assert.Empty(await host.Authorizations.ListApprovedAsync("SBXPPO", other, "70551", CancellationToken.None));
        Assert.Empty(await host.Authorizations.ListApprovedAsync("SBXPPO", member, "70553", CancellationToken.None));
        Assert.Empty(await host.Authorizations.ListApprovedAsync("SBXHMO", member, "70551", CancellationToken.None));
    }

    [Fact]
    public async Task ListApproved_ApprovalCancelledSince_NotFoundAlthoughItsKeyRemains()
    {
        var member = AuthorizationRecord.MemberKeyFor("SBXPPO", UniqueMember());
        var approved = Approved(Record(member, "70551"), "SBX-C1");
        var etag = await host.Authorizations.SaveAsync(approved, null, CancellationToken.None);
        Assert.Single(await host.Authorizations.ListApprovedAsync("SBXPPO", member, "70551", CancellationToken.None));

        await host.Authorizations.SaveAsync(approved with { State = AuthorizationState.Cancelled }, etag, CancellationToken.None);

        Assert.Empty(await host.Authorizations.ListApprovedAsync("SBXPPO", member, "70551", CancellationToken.None));
    }

    [Fact]
    public async Task FindByPayerReference_TheRecordOfThatPayerOnly()
    {
        var member = AuthorizationRecord.MemberKeyFor("SBXPPO", UniqueMember());
        var reference = "SBX-" + UniqueMember();
        var pended = Record(member, "70553") with { State = AuthorizationState.Pended, PayerReference = reference };
        await host.Authorizations.SaveAsync(pended, null, CancellationToken.None);

        Assert.Equal(pended.Id, (await host.Authorizations.FindByPayerReferenceAsync("SBXPPO", reference, CancellationToken.None))?.Id);
        Assert.Null(await host.Authorizations.FindByPayerReferenceAsync("SBXHMO", reference, CancellationToken.None));
        Assert.Null(await host.Authorizations.FindByPayerReferenceAsync("SBXPPO", reference + "9", CancellationToken.None));
    }

    [Fact]
    public async Task Save_Twice_OneKeyPerRecordAndTheLookupStillFindsItOnce()
    {
        var member = AuthorizationRecord.MemberKeyFor("SBXPPO", UniqueMember());
        var approved = Approved(Record(member, "70551"), "SBX-D1");
        var etag = await host.Authorizations.SaveAsync(approved, null, CancellationToken.None);
        await host.Authorizations.SaveAsync(approved with { Inquiries = 1 }, etag, CancellationToken.None);

        Assert.Single(await host.Authorizations.ListApprovedAsync("SBXPPO", member, "70551", CancellationToken.None));
    }

    private static AuthorizationRecord Record(string memberKey, string code)
    {
        var registrationId = Guid.NewGuid().ToString("N");
        return new AuthorizationRecord(AuthorizationRecord.IdFor(registrationId, "1"), registrationId, "1", "SBXPPO", memberKey, code,
            VisitDay, VisitDay, 1, AuthorizationState.Submitted, DateTimeOffset.UtcNow);
    }

    private static AuthorizationRecord Approved(AuthorizationRecord record, string reference) => record with
    {
        State = AuthorizationState.Approved,
        PayerReference = reference,
        Decision = new ItemDecision(1, record.ServiceCode, AuthorizationDecisionKind.Approved, "A1", reference, record.From, record.To, 1, []),
    };

    private static string UniqueMember() => "3" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
}

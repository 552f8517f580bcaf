using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Integrations.Cosmos;
using PatientAccess.Integrations.PriorAuth;
using PatientAccess.PriorAuth.Tests.Infrastructure;

namespace PatientAccess.PriorAuth.Tests.Adapters;

/// <summary>The gateways built as the hosts build them (AddPriorAuth), against the real sandbox payer: PAS for SBXPPO, X12 278 over CORE for SBXHMO.</summary>
public sealed class GatewayTests : IClassFixture<SandboxHost>, IDisposable
{
    private readonly SandboxHost _sandbox;
    private readonly ServiceProvider _services;

    public GatewayTests(SandboxHost sandbox)
    {
        _sandbox = sandbox;
        var configuration = Settings.Configuration(sandbox.BaseAddress, "unused");
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddOptions<CosmosOptions>();
        services.AddPriorAuth(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
    }

    public void Dispose() => _services.Dispose();

    private IPriorAuthGateway Gateway => _services.GetRequiredService<IPriorAuthGateway>();

    private static AuthorizationRequest Request(string payer, string code, string? member = null) =>
        PasBundleTests.Request(codes: [code]) with
        {
            SubmissionId = $"{Guid.NewGuid():N}-auth-1",
            PayerId = payer,
            MemberId = member ?? (payer == "SBXHMO" ? "H00000001" : "100000001"),
        };

    [Fact]
    public async Task Pas_ApproveAtOnce_A1WithAuthorizationNumberAndPeriod()
    {
        var response = await Gateway.SubmitAsync(Request("SBXPPO", "70551"), CancellationToken.None);

        var item = Assert.Single(response.Items);
        Assert.Equal((AuthorizationDecisionKind.Approved, "A1"), (item.Decision, item.ReviewActionCode));
        Assert.StartsWith("SBXAUTH", item.AuthorizationNumber, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 12, 15), item.ApprovedFrom);
        Assert.StartsWith("SBXREF", response.PayerReference, StringComparison.Ordinal);
        Assert.Equal("json", response.PayloadExtension);
    }

    [Fact]
    public async Task Pas_PendThenApprove_InquiryAfterTheDelaySeesTheDecision()
    {
        var request = Request("SBXPPO", "70553");
        var first = await Gateway.SubmitAsync(request, CancellationToken.None);
        Assert.Equal(AuthorizationDecisionKind.Pended, first.Items[0].Decision);

        AuthorizationResponse later;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(500);
            later = await Gateway.InquireAsync(request, CancellationToken.None);
        }
        while (later.Items[0].Decision == AuthorizationDecisionKind.Pended && waited.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(AuthorizationDecisionKind.Approved, later.Items[0].Decision);
    }

    [Theory]
    [InlineData("29881", AuthorizationDecisionKind.Denied, "A3")]
    [InlineData("97110", AuthorizationDecisionKind.Modified, "A6")]
    [InlineData("99213", AuthorizationDecisionKind.NoActionRequired, "NA")]
    public async Task Pas_ScriptedServices_AnswerTheirDecision(string code, AuthorizationDecisionKind decision, string action)
    {
        var response = await Gateway.SubmitAsync(Request("SBXPPO", code), CancellationToken.None);

        Assert.Equal((decision, action), (response.Items[0].Decision, response.Items[0].ReviewActionCode));
    }

    [Fact]
    public async Task Pas_Payer503Twice_ResiliencePipelineRetriesAndTheThirdAttemptIsApproved()
    {
        var response = await Gateway.SubmitAsync(Request("SBXPPO", "73221"), CancellationToken.None);

        Assert.Equal(AuthorizationDecisionKind.Approved, response.Items[0].Decision);
    }

    [Fact]
    public async Task Pas_InquiryAboutAnUnknownRequest_RejectedAsDataNotTransient()
    {
        var ex = await Assert.ThrowsAsync<AuthorizationRequestRejectedException>(() => Gateway.InquireAsync(Request("SBXPPO", "70551"), CancellationToken.None));

        Assert.Contains("not-found at Claim.identifier", ex.Issues[0], StringComparison.Ordinal);
        Assert.DoesNotContain("100000001", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pas_Cancel_TheSandboxAnswersC()
    {
        var request = Request("SBXPPO", "73721");
        Assert.Equal(AuthorizationDecisionKind.Pended, (await Gateway.SubmitAsync(request, CancellationToken.None)).Items[0].Decision);

        var cancelled = await Gateway.CancelAsync(request with { Certification = CertificationType.Cancel }, CancellationToken.None);

        Assert.Equal((AuthorizationDecisionKind.Cancelled, "C"), (cancelled.Items[0].Decision, cancelled.Items[0].ReviewActionCode));
    }

    [Fact]
    public async Task X12_ApproveAtOnce_278ResponseReadPerService()
    {
        var response = await Gateway.SubmitAsync(Request("SBXHMO", "70551"), CancellationToken.None);

        var item = Assert.Single(response.Items);
        Assert.Equal((AuthorizationDecisionKind.Approved, "A1", "70551"), (item.Decision, item.ReviewActionCode, item.ServiceCode));
        Assert.StartsWith("SBXAUTH", item.AuthorizationNumber, StringComparison.Ordinal);
        Assert.Equal("x12", response.PayloadExtension);
    }

    [Fact]
    public async Task X12_PendThenDeny_TheSameRequestAgainIsTheInquiry()
    {
        var request = Request("SBXHMO", "72148");
        Assert.Equal(AuthorizationDecisionKind.Pended, (await Gateway.SubmitAsync(request, CancellationToken.None)).Items[0].Decision);

        AuthorizationResponse later;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(500);
            later = await Gateway.InquireAsync(request, CancellationToken.None);
        }
        while (later.Items[0].Decision == AuthorizationDecisionKind.Pended && waited.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal((AuthorizationDecisionKind.Denied, "A3"), (later.Items[0].Decision, later.Items[0].ReviewActionCode));
    }

    [Fact]
    public async Task X12_MemberNotOnRoster_RejectedWithTheAaaCode()
    {
        var ex = await Assert.ThrowsAsync<AuthorizationRequestRejectedException>(() => Gateway.SubmitAsync(Request("SBXHMO", "70551", member: "H99999999"), CancellationToken.None));

        Assert.StartsWith("AAA 75", ex.Issues[0], StringComparison.Ordinal);
        Assert.DoesNotContain("H99999999", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PayerNotInTheDirectory_PermanentNotTransient()
    {
        await Assert.ThrowsAsync<PermanentDependencyException>(() => Gateway.SubmitAsync(Request("OTHER", "70551"), CancellationToken.None));
    }
}

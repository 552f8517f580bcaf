using Azure.Storage.Blobs;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Eligibility.Tests.Infrastructure;
using PatientAccess.Tests.Common;
using PatientAccess.Workflow.Eligibility;

namespace PatientAccess.Eligibility.Tests.Workflow;

/// <summary>Whole eligibility flows, once per clearinghouse mode (the two classes run in parallel).</summary>
public abstract class EligibilityOrchestratorTests(WorkflowHost host)
{
    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private string Ext => host.Mode == Integrations.Eligibility.ClearinghouseMode.Core ? ".x12" : ".json";

    private static CoverageToCheck Coverage(string payerId, string memberId, bool patientIsSubscriber = true) =>
        new(payerId, null, memberId, null, CoverageSource.Card, patientIsSubscriber);

    private async Task<Registration> ReloadAsync(Registration r) => (await host.Registrations.GetAsync(r.Id, CancellationToken.None)).Value;

    [Fact]
    public async Task Run_ActiveMember_IsVerifiedWithBenefitsOnTheRegistration()
    {
        var registration = Registrations.Build("Jane", "Active", new DateOnly(1985, 3, 14), AdministrativeSex.Female, coverage: Coverage("SBXPPO", "100000001"));

        var outcome = (await host.RunAsync(registration)).ReadOutputAs<EligibilityOutcome>()!;

        Assert.Equal(EligibilityOutcomeStatus.Verified, outcome.Status);
        Assert.Null(outcome.WorkItemReason);
        Assert.Equal(1, outcome.Queries);
        var stored = await ReloadAsync(registration);
        Assert.Equal(CoverageStatus.Active, stored.Eligibility!.Status);
        Assert.Equal(outcome.ResponseBlobName, stored.Eligibility.ResponseBlobName);
        Assert.Contains(stored.Eligibility.Benefits, b => b.ServiceTypeCode == "98" && b.Network == NetworkTier.InNetwork && b.Copay == 25m);
        Assert.Contains(stored.Eligibility.Benefits, b => b.ServiceTypeCode == "62" && b.AuthorizationRequired == true);
        var blobs = await WorkflowHost.AuditBlobsAsync(registration.Id);
        Assert.Equal([outcome.ResponseBlobName!], blobs);
        Assert.EndsWith("-1" + Ext, blobs[0], StringComparison.Ordinal);
        var audit = await host.Audit.ListAsync(registration.Id.Value, CancellationToken.None);
        Assert.Contains(audit, a => a.Action.StartsWith("eligibility checked (Primary): Active", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_AsSubOrchestration_ReturnsTheOutcomeToTheParent()
    {
        var registration = Registrations.Build("Hannah", "Hmo", new DateOnly(1988, 8, 18), AdministrativeSex.Female, coverage: Coverage("SBXHMO", "H00000001"));
        Assert.True(await host.Registrations.TryCreateAsync(registration, CancellationToken.None));

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ParentOrchestrator), registration.Id.Value);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var metadata = await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        var outcome = metadata.ReadOutputAs<EligibilityOutcome>()!;
        Assert.Equal(EligibilityOutcomeStatus.Verified, outcome.Status);
        Assert.Equal(registration.Id.Value, outcome.RegistrationId);
        Assert.Contains((await ReloadAsync(registration)).Eligibility!.Messages, m => m.StartsWith("HMO plan", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("01-active.json", EligibilityOutcomeStatus.Verified, "coverage-active", 1)]
    [InlineData("02-inactive.json", EligibilityOutcomeStatus.Inactive, "coverage-inactive", 1)]
    [InlineData("03-payer-unavailable-recovers.json", EligibilityOutcomeStatus.Verified, "coverage-active", 1)]
    [InlineData("04-prefixed-member-id-requery.json", EligibilityOutcomeStatus.Verified, "coverage-active", 2)]
    [InlineData("05-member-not-found.json", EligibilityOutcomeStatus.NeedsSpecialist, "aaa-75", 1)]
    [InlineData("06-hmo-pcp.json", EligibilityOutcomeStatus.Verified, "coverage-active", 1)]
    public async Task Run_BundledSample_EndsAsDocumented(string file, EligibilityOutcomeStatus status, string reasonCode, int queries)
    {
        host.Sandbox.Simulator.Reset();
        // The samples' visit is relative ("in 10 days at 09:30"), resolved from now as the demo client does.
        var now = DateTimeOffset.UtcNow;
        var json = Cli.Demo.SampleRegistration.Resolve(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "samples", file)), now);
        var form = System.Text.Json.JsonSerializer.Deserialize<RegistrationForm>(json, WebJson)!;
        var registration = form.Validate(RegistrationId.New(Guid.NewGuid()), now);

        var outcome = (await host.RunAsync(registration)).ReadOutputAs<EligibilityOutcome>()!;

        Assert.Equal((status, reasonCode, queries), (outcome.Status, outcome.ReasonCode, outcome.Queries));
    }

    [Fact]
    public async Task Run_TransientAaa42ThatRecovers_IsVerifiedAfterThreeAttempts()
    {
        host.Sandbox.Simulator.Reset();
        var registration = Registrations.Build("Ulla", "Unavailable", new DateOnly(1990, 10, 10), AdministrativeSex.Female, coverage: Coverage("SBXPPO", "100000004"));

        var outcome = (await host.RunAsync(registration)).ReadOutputAs<EligibilityOutcome>()!;

        Assert.Equal(EligibilityOutcomeStatus.Verified, outcome.Status);
        Assert.Equal(1, outcome.Queries);
        Assert.Equal(3, host.Sandbox.Simulator.Hits("SBXPPO", "100000004"));
        // Every answer is kept for audit, the two AAA 42s included; the registration points at the last one.
        var blobs = await WorkflowHost.AuditBlobsAsync(registration.Id);
        Assert.Equal(3, blobs.Count);
        Assert.Equal(blobs[^1], outcome.ResponseBlobName);
        Assert.Equal(CoverageStatus.Active, (await ReloadAsync(registration)).Eligibility!.Status);
    }

    [Fact]
    public async Task Run_Aaa75ForDependentWithOwnId_RequeriesAsSubscriberAndIsVerified()
    {
        var registration = Registrations.Build("Dana", "Parent", new DateOnly(2004, 2, 2), AdministrativeSex.Female, coverage: Coverage("SBXPPO", "100000013", patientIsSubscriber: false));

        var outcome = (await host.RunAsync(registration)).ReadOutputAs<EligibilityOutcome>()!;

        Assert.Equal(EligibilityOutcomeStatus.Verified, outcome.Status);
        Assert.Equal(2, outcome.Queries);
        Assert.True(outcome.UsedAlternateIdentity);
        var blobs = await WorkflowHost.AuditBlobsAsync(registration.Id);
        Assert.Equal(2, blobs.Count);
        Assert.Contains(blobs, b => b.EndsWith("-1" + Ext, StringComparison.Ordinal));
        Assert.Contains(blobs, b => b.EndsWith("-2" + Ext, StringComparison.Ordinal));
        Assert.Equal(CoverageStatus.Active, (await ReloadAsync(registration)).Eligibility!.Status);
    }

    [Fact]
    public async Task Run_SuffixTypedIntoFamilyName_RequeriesWithoutItAndIsVerified()
    {
        var registration = Registrations.Build("Robert", "Smith Jr", new DateOnly(1958, 8, 8), AdministrativeSex.Male, middle: "James", coverage: Coverage("SBXPPO", "100000008"));

        var outcome = (await host.RunAsync(registration)).ReadOutputAs<EligibilityOutcome>()!;

        Assert.Equal(EligibilityOutcomeStatus.Verified, outcome.Status);
        Assert.True(outcome.UsedAlternateIdentity);
    }

    [Fact]
    public async Task Run_MemberIdWithAlphaPrefix_RequeriesWithoutItAndIsVerified()
    {
        var registration = Registrations.Build("Jane", "Active", new DateOnly(1985, 3, 14), AdministrativeSex.Female, coverage: Coverage("SBXPPO", "SBX100000001"));

        var outcome = (await host.RunAsync(registration)).ReadOutputAs<EligibilityOutcome>()!;

        Assert.Equal(EligibilityOutcomeStatus.Verified, outcome.Status);
        Assert.Equal(2, outcome.Queries);
    }

    [Fact]
    public async Task Run_UnknownMember_RequeriesOnceThenNeedsSpecialistInPlainWordsWithoutPhi()
    {
        var registration = Registrations.Build("Nora", "Nobody", new DateOnly(1990, 1, 1), AdministrativeSex.Female, middle: "Quinn", coverage: Coverage("SBXPPO", "999999999"));

        var metadata = await host.RunAsync(registration);
        var outcome = metadata.ReadOutputAs<EligibilityOutcome>()!;

        Assert.Equal(EligibilityOutcomeStatus.NeedsSpecialist, outcome.Status);
        Assert.Equal(WorkItemReason.MemberNotFound, outcome.WorkItemReason);
        Assert.Equal(RejectionKind.IdentityMismatch, outcome.Classification);
        Assert.Equal("aaa-75", outcome.ReasonCode);
        Assert.Equal(2, outcome.Queries);
        Assert.Contains("Subscriber/Insured Not Found", outcome.Explanation, StringComparison.Ordinal);
        Assert.Contains("re-query with alternate identity data", outcome.Explanation, StringComparison.Ordinal);
        Assert.Contains("verify the member id", outcome.SuggestedAction, StringComparison.Ordinal);
        // Orchestration history holds ids and codes only.
        var history = metadata.SerializedInput + metadata.SerializedOutput;
        Assert.Null(PhiText.FirstIn(history, ["Nora", "Nobody", "Quinn", "999999999", "1990"]));
        Assert.Equal(CoverageStatus.Unknown, (await ReloadAsync(registration)).Eligibility!.Status);
        // Nor do the logs of the activity, the adapters and the worker.
        var records = host.Logs.GetSnapshot();
        Assert.Contains(records, r => r.Message.Contains(registration.Id.Value, StringComparison.Ordinal));
        foreach (var record in records)
        {
            var text = record.Message + " " + record.Exception + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []);
            foreach (var phi in new[] { "Nora", "Nobody", "Quinn", "999999999", "19900101", "1990-01-01" })
            {
                Assert.False(text.Contains(phi, StringComparison.OrdinalIgnoreCase), $"log {record.Category}/{record.Id} contains a PHI value");
            }
        }
    }

    [Fact]
    public async Task Run_InvalidMemberIdWithNothingToSimplify_NeedsSpecialistWithoutRequery()
    {
        var registration = Registrations.Build("Ivy", "Invalid", new DateOnly(1999, 9, 9), AdministrativeSex.Female, coverage: Coverage("SBXPPO", "100000009"));

        var outcome = (await host.RunAsync(registration)).ReadOutputAs<EligibilityOutcome>()!;

        Assert.Equal(EligibilityOutcomeStatus.NeedsSpecialist, outcome.Status);
        Assert.Equal(WorkItemReason.MemberNotFound, outcome.WorkItemReason);
        Assert.Equal("aaa-72", outcome.ReasonCode);
        Assert.Equal(1, outcome.Queries);
        Assert.Contains("no automatic re-query", outcome.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InactiveCoverage_IsInactiveForASpecialist()
    {
        var registration = Registrations.Build("Ian", "Inactive", new DateOnly(1970, 7, 1), AdministrativeSex.Male, coverage: Coverage("SBXPPO", "100000002"));

        var outcome = (await host.RunAsync(registration)).ReadOutputAs<EligibilityOutcome>()!;

        Assert.Equal(EligibilityOutcomeStatus.Inactive, outcome.Status);
        Assert.Equal(WorkItemReason.CoverageInactive, outcome.WorkItemReason);
        Assert.Equal(EligibilityDecisions.ReasonInactive, outcome.ReasonCode);
        var stored = await ReloadAsync(registration);
        Assert.Equal(CoverageStatus.Inactive, stored.Eligibility!.Status);
        Assert.Equal(new DateOnly(2025, 12, 31), stored.Eligibility.CoverageEnd);
    }

    [Fact]
    public async Task Run_Payer500s_NeedsSpecialistAfterEveryRetry()
    {
        var registration = Registrations.Build("Erin", "Error", new DateOnly(1975, 5, 5), AdministrativeSex.Female, coverage: Coverage("SBXPPO", "100000007"));

        var outcome = (await host.RunAsync(registration, maxAttempts: 2)).ReadOutputAs<EligibilityOutcome>()!;

        Assert.Equal(EligibilityOutcomeStatus.NeedsSpecialist, outcome.Status);
        Assert.Equal(EligibilityDecisions.ReasonPayerUnavailable, outcome.ReasonCode);
        Assert.Equal(WorkItemReason.EligibilityRejected, outcome.WorkItemReason);
        // Two activity attempts, each one HTTP attempt plus three transient retries.
        Assert.Equal(8, host.Sandbox.Simulator.Hits("SBXPPO", "100000007"));
        Assert.Null((await ReloadAsync(registration)).Eligibility);
    }

    [Fact]
    public async Task Run_StalledPayer_GivesUpAtTheBudgetAndNeedsSpecialist()
    {
        var registration = Registrations.Build("Stan", "Stalled", new DateOnly(1961, 1, 6), AdministrativeSex.Male, coverage: Coverage("SBXPPO", "100000006"));
        var started = DateTime.UtcNow;

        var outcome = (await host.RunAsync(registration, maxAttempts: 1)).ReadOutputAs<EligibilityOutcome>()!;

        Assert.Equal(EligibilityDecisions.ReasonPayerUnavailable, outcome.ReasonCode);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task Run_NoMemberIdOnFile_NeedsSpecialistWithoutAskingThePayer()
    {
        var registration = Registrations.Build("Nina", "None", new DateOnly(1990, 1, 1), AdministrativeSex.Female, typed: new TypedInsurance("SANDBOX PPO", "SBXPPO", null, null));

        var outcome = (await host.RunAsync(registration)).ReadOutputAs<EligibilityOutcome>()!;

        Assert.Equal(EligibilityOutcomeStatus.NeedsSpecialist, outcome.Status);
        Assert.Equal(EligibilityDecisions.ReasonCoverageMissing, outcome.ReasonCode);
        Assert.Contains("no member id", outcome.Explanation, StringComparison.Ordinal);
        Assert.Empty(await WorkflowHost.AuditBlobsAsync(registration.Id));
    }
}

public sealed class CoreEligibilityOrchestratorTests(CoreWorkflowHost host) : EligibilityOrchestratorTests(host), IClassFixture<CoreWorkflowHost>;

public sealed class JsonEligibilityOrchestratorTests(JsonWorkflowHost host) : EligibilityOrchestratorTests(host), IClassFixture<JsonWorkflowHost>;

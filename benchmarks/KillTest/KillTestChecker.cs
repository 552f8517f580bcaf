using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Integrations;
using PatientAccess.Integrations.Notifications;
using PatientAccess.PayerSandbox;

namespace PatientAccess.KillTest;

/// <summary>What the checker found wrong with one registration.</summary>
public sealed record Violation(int Number, string? RegistrationId, ClearanceKind Kind, string Check, string Detail);

/// <summary>
/// Reads what the clearances left behind, straight from the stores (the Cosmos emulator, Azurite) and the payer
/// sandbox's counts, and holds each registration to the rules: final and correct stage; one payer call per question;
/// each authorization line submitted at most once;
/// one work item per reason and none for a failed or stopped step; one outbox message per reminder; no step twice.
/// </summary>
public sealed class KillTestChecker : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly PayerSimulator _payer;
    private readonly AuthorizationSimulator? _authorizations;
    private readonly BlobContainerClient _auditBlobs;

    public KillTestChecker(KillTestSettings settings, PayerSimulator payer, AuthorizationSimulator? authorizations = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = settings.CosmosEndpoint,
            ["Cosmos:Key"] = KillTestSettings.CosmosEmulatorKey,
            ["Cosmos:Database"] = settings.Database,
            ["Cosmos:CreateIfMissing"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddCosmosStores();
        services.AddSingleton<INotificationOutbox, CosmosNotificationOutbox>();
        _services = services.BuildServiceProvider();
        _payer = payer;
        _authorizations = authorizations;
        _auditBlobs = new BlobServiceClient(settings.StorageConnectionString).GetBlobContainerClient(EligibilityAudit.Container);
    }

    /// <summary>A fingerprint of where a registration stands, to see it move after it was final.</summary>
    public async Task<string> FingerprintAsync(string registrationId, CancellationToken cancellationToken)
    {
        var registration = (await _services.GetRequiredService<IRegistrationStore>().GetAsync(RegistrationId.Parse(registrationId), cancellationToken)).Value;
        return $"{registration.Stage}/{registration.OpenWorkItemId}/{registration.StepSequence}/{registration.Steps.Count}";
    }

    /// <summary>
    /// Every rule for one registration. A question asked again is a violation unless a kill came between the two calls:
    /// a process killed after the payer answered and before the answer was recorded leaves nothing to return, so the
    /// next run must ask again (the same trace number; see docs/decisions/0008-durable-steps.md). Those repeats are
    /// counted apart (<see cref="RepeatsAfterAKill"/>).
    /// </summary>
    public async Task<IReadOnlyList<Violation>> CheckAsync(DrivenClearance clearance, IReadOnlyList<DateTimeOffset> kills, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clearance);
        var found = new List<Violation>();
        void Fail(string check, string detail) => found.Add(new Violation(clearance.Number, clearance.Id, clearance.Kind, check, detail));
        if (clearance.Id is null)
        {
            Fail("submitted", "the registration was never accepted");
            return found;
        }

        var id = RegistrationId.Parse(clearance.Id);
        var registration = (await _services.GetRequiredService<IRegistrationStore>().GetAsync(id, cancellationToken)).Value;
        if (!clearance.IsFinal) Fail("final stage", $"ended at {clearance.Stage} ({clearance.Engine}), open item {clearance.OpenWorkItemId}");
        var twice = registration.Steps.GroupBy(s => s.Step).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0) Fail("steps once", $"recorded twice: {string.Join(", ", twice)}");

        var questions = _payer.Calls(id.Value);
        var unexplained = questions.Keys.Sum(trace => RepeatsWithoutAKill(_payer.CallTimes(trace), kills));
        if (questions.Count != DrivenClearance.ExpectedPayerQuestions || unexplained > 0)
        {
            Fail("payer calls", $"{questions.Count} question(s), counts [{string.Join(", ", questions.Values)}], {unexplained} repeat(s) with no kill since the earlier call; expected {DrivenClearance.ExpectedPayerQuestions} asked once each");
        }

        // Prior authorization asks before it submits again (ADR 0012), so even a kill between the payer's answer and its
        // record never submits a line twice.
        foreach (var line in registration.Authorizations)
        {
            var submits = _authorizations?.SubmitCalls($"{id.Value}-auth-{line.LineKey}") ?? 0;
            if (submits > 1) Fail("authorization submits", $"line {line.LineKey} submitted {submits} times");
        }

        var items = await _services.GetRequiredService<IWorkItemStore>().ListForRegistrationAsync(id.Value, cancellationToken);
        foreach (var reason in items.GroupBy(i => i.Reason).Where(g => g.Count() > 1))
        {
            Fail("work items", $"{reason.Count()} items for {reason.Key}");
        }
        var reasons = items.Select(i => i.Reason).ToHashSet();
        var expected = clearance.Kind switch
        {
            ClearanceKind.MemberNotFound => new[] { WorkItemReason.CardNotReceived, WorkItemReason.MemberNotFound },
            ClearanceKind.Active => [WorkItemReason.CardNotReceived],
            _ => [],
        };
        var unexpected = reasons.Except(expected).Where(r => !(clearance.Kind == ClearanceKind.CardPhoto && r == WorkItemReason.CardNotReceived)).ToList();
        if (unexpected.Count > 0) Fail("work items", $"unexpected: {string.Join(", ", unexpected)}");
        if (expected.Except(reasons).ToList() is { Count: > 0 } missing) Fail("work items", $"missing: {string.Join(", ", missing)}");
        var open = items.Where(i => i.Status == WorkItemStatus.Open).Select(i => i.Id).ToList();
        var expectedOpen = registration.Stage == ClearanceStage.NeedsAttention && registration.OpenWorkItemId is { } waiting ? [waiting] : new List<string>();
        if (!open.SequenceEqual(expectedOpen)) Fail("work items", $"open [{string.Join(", ", open)}] while the registration waits for [{string.Join(", ", expectedOpen)}]");

        var messages = await _services.GetRequiredService<INotificationOutbox>().ListForRegistrationAsync(id, cancellationToken);
        var reminders = messages.Where(m => m.Purpose.IsReminder()).ToList();
        if (reminders.Count != registration.RemindersSent || reminders.Select(m => m.Key).Distinct().Count() != reminders.Count)
        {
            Fail("outbox", $"{reminders.Count} reminder message(s) for {registration.RemindersSent} reminder(s) recorded");
        }
        if (clearance.Kind != ClearanceKind.MemberNotFound)
        {
            // One estimate, by the clearance's first estimate step, and at most one "estimate ready" message per channel.
            if (registration.Estimate?.StepKey.EndsWith("/estimate-1", StringComparison.Ordinal) != true) Fail("estimate", $"estimate of step {registration.Estimate?.StepKey ?? "(none)"}");
            if (messages.Where(m => m.Purpose == MessagePurpose.EstimateReady).GroupBy(m => m.Channel).Any(g => g.Count() > 1)) Fail("outbox", "the estimate message more than once");
        }

        var blobs = 0;
        await foreach (var _ in _auditBlobs.GetBlobsAsync(BlobTraits.None, BlobStates.None, id.Value + "/", cancellationToken)) blobs++;
        // One stored answer per call; a call whose process was killed before storing its answer may have none.
        var calls = questions.Values.Sum();
        if (blobs > calls || blobs < calls - RepeatsAfterAKill(questions.Keys, kills)) Fail("audit blobs", $"{blobs} payer answers stored for {calls} call(s)");
        return found;
    }

    /// <summary>Repeated questions (over every registration) with a kill between them and the call before.</summary>
    public int RepeatsAfterAKill(IReadOnlyList<DateTimeOffset> kills) => RepeatsAfterAKill(_payer.Calls(null).Keys, kills);

    private int RepeatsAfterAKill(IEnumerable<string> traces, IReadOnlyList<DateTimeOffset> kills) => traces.Sum(trace =>
    {
        var calls = _payer.CallTimes(trace);
        return calls.Count - 1 - RepeatsWithoutAKill(calls, kills);
    });

    /// <summary>Calls after the first with no kill since the call before them.</summary>
    private static int RepeatsWithoutAKill(IReadOnlyList<DateTimeOffset> calls, IReadOnlyList<DateTimeOffset> kills) =>
        Enumerable.Range(1, Math.Max(0, calls.Count - 1)).Count(i => !kills.Any(k => k > calls[i - 1] && k < calls[i]));

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}

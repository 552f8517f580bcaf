using System.Collections.Concurrent;
using System.Globalization;

namespace PatientAccess.PayerSandbox;

/// <summary>What the sandbox's payer decided for one service of one request.</summary>
public sealed record SandboxDecision(string ReviewAction, string? AuthorizationNumber, string? ReasonCode, decimal? Units, DateOnly? From, DateOnly? To, string TrackingNumber);

/// <summary>A service as the sandbox received it.</summary>
public sealed record SandboxService(int Sequence, string Code, decimal Units, DateOnly From, DateOnly To);

/// <summary>One request the sandbox holds: its services, when it came, and per service the decision so far.</summary>
public sealed class SandboxSubmission(string submissionId, string payerReference, IReadOnlyList<SandboxService> services, DateTimeOffset receivedAt)
{
    public string SubmissionId { get; } = submissionId;
    public string PayerReference { get; } = payerReference;
    public IReadOnlyList<SandboxService> Services { get; } = services;
    public DateTimeOffset ReceivedAt { get; } = receivedAt;
    public ConcurrentDictionary<int, SandboxDecision> Decisions { get; } = new();

    /// <summary>Pended services and when the payer decides them (null: never, the "silent" payer).</summary>
    public ConcurrentDictionary<int, (DateTimeOffset? DueAt, string Final)> Pending { get; } = new();

    public bool Notified { get; set; }
}

/// <summary>
/// The payer side of prior authorization, shared by the PAS endpoints and the 278 responder: per service code a
/// scripted scenario (roster.json "authorizations"): approve at once (A1), pend then approve after a delay, pend then
/// deny, modify units (A6, half the units), deny (A3), payer silent (A4 forever), 503 then approve, no action needed
/// (NA). Requests are kept in memory by submission id; a decided pend is handed to the rest-hook notifier once.
/// </summary>
public sealed class AuthorizationSimulator(Roster roster, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SandboxSubmission> _submissions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _submitCalls = new(StringComparer.Ordinal);
    private int _sequence;

    /// <summary>How often a request under <paramref name="submissionId"/> was submitted, repeats included (the held request is one either way).</summary>
    public int SubmitCalls(string submissionId) => _submitCalls.GetValueOrDefault(submissionId);

    public RosterAuthorizations Settings => roster.Authorizations;

    public IReadOnlyCollection<SandboxSubmission> Submissions => [.. _submissions.Values];

    public SandboxSubmission? Find(string submissionId) => _submissions.GetValueOrDefault(submissionId);

    public SandboxSubmission? FindByReference(string payerReference) => _submissions.Values.FirstOrDefault(s => s.PayerReference == payerReference);

    public void Reset()
    {
        _submissions.Clear();
        _failures.Clear();
        _submitCalls.Clear();
    }

    /// <summary>True when the request should be answered 503 this time (fail-then-approve scenarios).</summary>
    public bool ShouldFail(string submissionId, IEnumerable<string> codes)
    {
        foreach (var code in codes)
        {
            if (Scenario(code) is { Scenario: "fail-then-approve" } s)
            {
                var n = _failures.AddOrUpdate(submissionId + "|" + code, 1, (_, v) => v + 1);
                if (n <= s.FailTimes) return true;
            }
        }
        return false;
    }

    /// <summary>Takes a request (or returns the one already held under that id: a resubmission is not a new request).</summary>
    public SandboxSubmission Submit(string submissionId, IReadOnlyList<SandboxService> services)
    {
        var now = time.GetUtcNow();
        _submitCalls.AddOrUpdate(submissionId, 1, (_, n) => n + 1);
        return _submissions.GetOrAdd(submissionId, id =>
        {
            var reference = "SBXREF" + Interlocked.Increment(ref _sequence).ToString("D6", CultureInfo.InvariantCulture);
            var submission = new SandboxSubmission(id, reference, services, now);
            foreach (var service in services) Decide(submission, service, now);
            return submission;
        });
    }

    /// <summary>Cancels every service of a held request (C); false when the sandbox never saw it.</summary>
    public bool Cancel(string submissionId)
    {
        if (!_submissions.TryGetValue(submissionId, out var submission)) return false;
        foreach (var service in submission.Services)
        {
            submission.Pending.TryRemove(service.Sequence, out _);
            submission.Decisions[service.Sequence] = new SandboxDecision("C", null, null, null, null, null, submission.PayerReference);
        }
        return true;
    }

    /// <summary>Decides the pends that are due; returns the requests that changed (for the notifier).</summary>
    public IReadOnlyList<SandboxSubmission> DecideDue()
    {
        var now = time.GetUtcNow();
        var changed = new List<SandboxSubmission>();
        foreach (var submission in _submissions.Values)
        {
            foreach (var (sequence, (due, final)) in submission.Pending)
            {
                if (due is null || due > now || !submission.Pending.TryRemove(sequence, out _)) continue;
                var service = submission.Services.First(s => s.Sequence == sequence);
                submission.Decisions[sequence] = Final(submission, service, final);
                changed.Add(submission);
            }
        }
        return [.. changed.Distinct()];
    }

    private RosterServiceScenario? Scenario(string code) => roster.Authorizations.Services.GetValueOrDefault(code);

    private void Decide(SandboxSubmission submission, SandboxService service, DateTimeOffset now)
    {
        var scenario = Scenario(service.Code);
        var name = scenario?.Scenario ?? roster.Authorizations.Default;
        var delay = TimeSpan.FromMilliseconds(scenario?.PendDelayMs ?? roster.Authorizations.PendDelayMs);
        switch (name)
        {
            case "pend-approve":
            case "pend-deny":
            case "silent":
                submission.Decisions[service.Sequence] = new SandboxDecision("A4", null, "0V", null, null, null, submission.PayerReference);
                submission.Pending[service.Sequence] = (name == "silent" ? null : now + delay, name == "pend-deny" ? "deny" : "approve");
                break;
            default:
                submission.Decisions[service.Sequence] = Final(submission, service, name);
                break;
        }
    }

    private SandboxDecision Final(SandboxSubmission submission, SandboxService service, string final)
    {
        var number = "SBXAUTH" + Interlocked.Increment(ref _sequence).ToString("D6", CultureInfo.InvariantCulture);
        return final switch
        {
            "deny" => new SandboxDecision("A3", null, "AA", null, null, null, submission.PayerReference),
            "modify-units" => new SandboxDecision("A6", number, "CC", Math.Max(1, Math.Floor(service.Units / 2)), service.From, service.To, submission.PayerReference),
            "no-action" => new SandboxDecision("NA", null, null, null, null, null, submission.PayerReference),
            _ => new SandboxDecision("A1", number, null, service.Units, service.From, service.To.AddDays(30), submission.PayerReference),
        };
    }
}

using System.Globalization;
using PatientAccess.X12.Eligibility;
using PatientAccess.X12.ServiceReview;

namespace PatientAccess.PayerSandbox;

/// <summary>
/// The X12 278 side of the sandbox payer: a 278 request (005010X217) answered with a 278 response decided by the same
/// scripted scenarios as PAS (<see cref="AuthorizationSimulator"/>). The submission is keyed by the patient event's
/// TRN02, so a repeated request (our inquiry) gets the current state; UM02 3 cancels. An unknown payer is AAA T4 at
/// the UMO, a member not on the roster AAA 75 at the subscriber.
/// </summary>
public sealed class ServiceReviewResponder(Roster roster, AuthorizationSimulator simulator)
{
    public ServiceReview278 Answer(ServiceReview278 request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var umo = request.Levels.FirstOrDefault(l => l.LevelCode == ReviewLevelCodes.Umo);
        var subscriber = request.Levels.FirstOrDefault(l => l.LevelCode == ReviewLevelCodes.Subscriber);
        var ev = request.Levels.FirstOrDefault(l => l.LevelCode == ReviewLevelCodes.PatientEvent);
        var payerId = umo is { Parties.Count: > 0 } ? umo.Parties[0].Identification : null;
        var memberId = subscriber is { Parties.Count: > 0 } ? subscriber.Parties[0].Identification : null;
        var levels = request.Levels.Select(l => l with { Certification = null }).ToList();
        if (roster.Payer(payerId) is null)
        {
            return Reply(request, [.. levels.Select(l => l.LevelCode == ReviewLevelCodes.Umo ? l with { Errors = [new AaaError("N", "T4", "C")] } : l)]);
        }
        if (roster.Subscriber(payerId!, memberId) is null)
        {
            return Reply(request, [.. levels.Select(l => l.LevelCode == ReviewLevelCodes.Subscriber
                ? l with { Parties = [.. l.Parties.Select(p => p with { Errors = [new AaaError("N", "75", "C")] })] } : l)]);
        }

        var submissionId = (ev is { Traces.Count: > 0 } ? ev.Traces[0].ReferenceId : null) ?? request.ReferenceId ?? "unknown";
        var services = request.Services.Select((s, i) =>
        {
            var (from, to) = s.Dates.Count > 0 && s.Dates[0] is var d ? (d.Start ?? default, d.End ?? d.Start ?? default) : (default(DateOnly), default(DateOnly));
            return new SandboxService(i + 1, s.ProcedureCode ?? "UNKNOWN", s.Units ?? 1, from, to);
        }).ToList();
        var cancel = ev?.Utilization?.CertificationType == "3";
        var submission = cancel && simulator.Cancel(submissionId) ? simulator.Find(submissionId)! : simulator.Submit(submissionId, services);

        var answered = new List<ReviewLevel>();
        var serviceIndex = 0;
        foreach (var level in levels)
        {
            if (level.LevelCode == ReviewLevelCodes.Service && submission.Decisions.TryGetValue(++serviceIndex, out var decision))
            {
                answered.Add(Decided(level with { Traces = [.. level.Traces.Select(t => t with { TypeCode = "2" })] }, decision, submission));
            }
            else if (level.LevelCode == ReviewLevelCodes.PatientEvent)
            {
                var first = submission.Decisions.OrderBy(d => d.Key).Select(d => d.Value).FirstOrDefault();
                answered.Add(first is null ? level : Decided(level with { Traces = [.. level.Traces.Select(t => t with { TypeCode = "2" })], Diagnoses = [] }, first, submission));
            }
            else
            {
                answered.Add(level);
            }
        }
        return Reply(request, answered);
    }

    private static ReviewLevel Decided(ReviewLevel level, SandboxDecision decision, SandboxSubmission submission)
    {
        var dates = decision.From is { } from && decision.To is { } to ? new List<DateReference> { DateReference.Between("AAH", from, to) } : [];
        return level with
        {
            Certification = new HealthCareReview(decision.ReviewAction, decision.AuthorizationNumber, decision.ReasonCode),
            References = [new ReferenceNumber("NT", submission.PayerReference)],
            Dates = dates,
            Professional = level.Professional is { } sv1 && decision.Units is { } units ? sv1 with { Quantity = units } : level.Professional,
        };
    }

    private static ServiceReview278 Reply(ServiceReview278 request, IReadOnlyList<ReviewLevel> levels) => request with
    {
        PurposeCode = "11",
        TransactionTypeCode = "18",
        Date = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        Time = DateTime.UtcNow.ToString("HHmm", CultureInfo.InvariantCulture),
        Levels = levels,
    };
}

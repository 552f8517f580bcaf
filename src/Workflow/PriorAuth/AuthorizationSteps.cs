using PatientAccess.Domain.Common;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Workflow.PriorAuth;

/// <summary>Where the raw payer answers are kept for audit (PHI; never in orchestration history).</summary>
public static class AuthorizationAudit
{
    public const string Container = "authorization-responses";

    /// <summary><c>{registrationId}/{lineKey}/{timestamp}-{operation}.{extension}</c>.</summary>
    public static string BlobName(string registrationId, string lineKey, DateTimeOffset at, string operation, string extension) =>
        $"{registrationId}/{lineKey}/{at.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{operation}.{extension}";
}

/// <summary>
/// What the authorization activities share: loading a line's context (registration, payer, request), reading and
/// writing its record with optimistic concurrency (never moving its state backwards), and turning a payer's answer
/// into the record's new state, the decision clock and the result the orchestration sees.
/// </summary>
public sealed class AuthorizationSteps(
    IRegistrationStore registrations,
    IAuthorizationStore records,
    IPriorAuthPayerDirectory directory,
    IAuditPayloadStore auditPayloads,
    AuthorizationRequester requester,
    RegistrationUpdater updater)
{
    private const int MaxWriteAttempts = 5;

    public DateTimeOffset Now => updater.Now;

    public IPriorAuthPayerDirectory Directory => directory;

    /// <summary>The registration, its settled coverage, the payer and the line; throws when the line does not exist.</summary>
    public async Task<LineContext> LoadAsync(AuthorizationStep step)
    {
        var registration = (await registrations.GetAsync(RegistrationId.Parse(step.RegistrationId), CancellationToken.None)).Value;
        var line = ServiceLine.FromAppointment(registration.Appointment, requester.PlaceOfService).FirstOrDefault(l => l.LineKey == step.LineKey)
            ?? throw new NotFoundException("Service line", $"{step.RegistrationId}/{step.LineKey}");
        var payerId = registration.Coverage?.PayerId ?? registration.TypedInsurance?.PayerId;
        var memberId = registration.Coverage?.MemberId ?? registration.TypedInsurance?.MemberId;
        var payer = payerId is null ? null : directory.Find(payerId);
        return new LineContext(registration, line, payerId, memberId, payer);
    }

    public async Task<Versioned<AuthorizationRecord>?> FindAsync(AuthorizationStep step) =>
        await records.FindAsync(step.RegistrationId, step.LineKey, CancellationToken.None);

    /// <summary>
    /// Read-modify-write of the record: <paramref name="change"/> returns the new record or null for "nothing to
    /// change"; on a write conflict it reads again and re-applies. Returns the record as stored afterwards.
    /// </summary>
    public async Task<AuthorizationRecord> UpdateAsync(AuthorizationStep step, Func<AuthorizationRecord?, AuthorizationRecord?> change, string auditAction)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await records.FindAsync(step.RegistrationId, step.LineKey, CancellationToken.None);
            var next = change(current?.Value);
            if (next is null)
            {
                return current?.Value ?? throw new InvalidOperationException($"Authorization {step.RegistrationId}/{step.LineKey} has no record.");
            }
            try
            {
                await records.SaveAsync(next with { UpdatedAt = Now }, current?.ETag, CancellationToken.None);
                // The registration mirrors the line as it moves (pended with its deadline, decided), for the status and the pages.
                var line = AuthorizationLine.From(next, AuthorizationLine.ReasonFor(next, null), Now);
                await updater.UpdateAsync(RegistrationId.Parse(step.RegistrationId), r => r.RecordAuthorization(line, Now) | true,
                    $"authorization line {step.LineKey}: {auditAction}", CancellationToken.None);
                return next;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxWriteAttempts)
            {
                // Someone else wrote the record first: read theirs and apply the change on top of it.
            }
        }
    }

    /// <summary>The request for this line, built from the registration (PHI stays in the activity).</summary>
    public AuthorizationRequest Request(LineContext context, AuthorizationRecord record, CertificationType certification = CertificationType.Initial)
    {
        var r = context.Registration;
        var patient = r.Patient;
        var rendering = new AuthorizationProvider(r.Appointment.RenderingProvider, "PROVIDER " + r.Appointment.RenderingProvider.Value, IsOrganization: false);
        return new AuthorizationRequest(
            record.Id,
            context.PayerId ?? throw new InvalidOperationException("No payer on the registration."),
            r.Coverage?.PayerName ?? r.TypedInsurance?.PayerName ?? context.Payer?.Name,
            context.MemberId ?? throw new InvalidOperationException("No member id on the registration."),
            new AuthorizationPatient(patient.Name, patient.BirthDate, patient.Sex, patient.Address),
            r.Coverage?.PatientIsSubscriber ?? true,
            requester.Requester,
            rendering,
            requester.Facility,
            [context.Line],
            [],
            context.Payer?.DefaultUrgency ?? AuthorizationUrgency.Standard,
            Now,
            certification,
            r.Coverage?.GroupNumber ?? r.TypedInsurance?.GroupNumber,
            record.PayerReference);
    }

    /// <summary>Keeps the payer's raw answer as an audit blob; returns its name.</summary>
    public Task<string> KeepAsync(AuthorizationStep step, AuthorizationResponse response, string operation) =>
        auditPayloads.SaveAsync(AuthorizationAudit.Container,
            AuthorizationAudit.BlobName(step.RegistrationId, step.LineKey, Now, operation, response.PayloadExtension),
            response.RawPayload, response.PayloadExtension == "json" ? "application/fhir+json" : "application/edi-x12", CancellationToken.None);

    /// <summary>
    /// The record after the payer's decision for this line (item 1 of our one-line requests): the state from the
    /// decision (never backwards), the payer's reference, the clock from the first answer, and for a decision its time.
    /// </summary>
    public AuthorizationRecord? Apply(AuthorizationRecord record, ItemDecision decision, string? payerReference, string? blob, TimeZoneInfo zone, TimeSpan? window, bool inquiry)
    {
        var state = AuthorizationStates.FromDecision(decision.Decision);
        var clock = record.Clock ?? Clock(record.SubmittedAt ?? Now, record, zone, window);
        var changed = record with
        {
            PayerReference = payerReference ?? decision.PayerTrackingNumber ?? record.PayerReference,
            Clock = clock,
            LastResponseBlob = blob ?? record.LastResponseBlob,
            Inquiries = record.Inquiries + (inquiry ? 1 : 0),
        };
        if (!record.CanMoveTo(state))
        {
            return changed == record ? null : changed;
        }
        var decided = state.IsSettled();
        return changed with
        {
            State = state,
            Decision = decision,
            DecidedAt = decided ? Now : null,
            TimeToDecision = decided ? DecisionClock.TimeToDecision(clock.ReceivedAt, Now) : null,
        };
    }

    private static DecisionDeadline Clock(DateTimeOffset receivedAt, AuthorizationRecord record, TimeZoneInfo zone, TimeSpan? window)
    {
        _ = record;
        if (window is { } w)
        {
            var deadline = receivedAt + w;
            return new DecisionDeadline(AuthorizationUrgency.Standard, receivedAt, receivedAt + (w * 3 / 4), deadline);
        }
        return DecisionClock.For(receivedAt, AuthorizationUrgency.Standard, zone);
    }

    /// <summary>The clinic's zone for the standard clock; UTC when the appointment names an unknown zone.</summary>
    public static TimeZoneInfo ZoneOf(Registration registration)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(registration.Appointment.TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    /// <summary>The orchestration's view of a record.</summary>
    public static AuthorizationStepResult Result(AuthorizationRecord record, TimeSpan? pollInterval = null)
    {
        var attention = record.Decision is { } d ? AuthorizationFollowUp.ForDecision(record.LineKey, d) : null;
        var reason = record.Decision is { ReviewActionCode: { } code } ? "review-" + code.ToLowerInvariant() : record.Need?.ReasonCode ?? record.State.ToString().ToLowerInvariant();
        return new AuthorizationStepResult(
            record.State,
            reason,
            record.Decision?.ReviewActionCode,
            attention?.Reason,
            attention?.Explanation,
            attention?.SuggestedAction,
            record.State.IsSettled() ? null : record.Clock?.WarnAt.UtcDateTime,
            record.State.IsSettled() ? null : record.Clock?.Deadline.UtcDateTime,
            pollInterval);
    }

    public static AuthorizationStepResult Attention(AuthorizationState state, string reasonCode, AuthorizationAttention attention) =>
        new(state, reasonCode, null, attention.Reason, attention.Explanation, attention.SuggestedAction);

    /// <summary>A new record for the line.</summary>
    public static AuthorizationRecord NewRecord(AuthorizationStep step, LineContext context, DateTimeOffset now) => new(
        AuthorizationRecord.IdFor(step.RegistrationId, step.LineKey),
        step.RegistrationId,
        step.LineKey,
        context.PayerId ?? "unknown",
        context.PayerId is not null && context.MemberId is not null ? AuthorizationRecord.MemberKeyFor(context.PayerId, context.MemberId) : "unknown",
        context.Line.Code.Value,
        context.Line.From,
        context.Line.To,
        context.Line.Units,
        AuthorizationState.Open,
        now);
}

/// <summary>What a step knows about the line (PHI: the registration; never leaves the activity).</summary>
public sealed record LineContext(Registration Registration, ServiceLine Line, string? PayerId, string? MemberId, PriorAuthPayer? Payer)
{
    public override string ToString() => $"LineContext {{ Line = {Line.LineKey} }}";
}

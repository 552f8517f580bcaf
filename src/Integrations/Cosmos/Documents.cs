using PatientAccess.Domain.Audit;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Integrations.Cosmos;

// Storage shapes, kept apart from the domain so the domain can change without a data migration
// surprise. See docs/decisions/0002-cosmos-document-design.md.

internal sealed record RegistrationDocument(
    string Id,
    string Type,
    Patient Patient,
    AppointmentDocument Appointment,
    TypedInsurance? TypedInsurance,
    Consents Consents,
    DateTimeOffset CreatedAt,
    ClearanceStage Stage,
    string? Awaiting,
    IReadOnlyList<StepRecord> Steps,
    DateTimeOffset UpdatedAt,
    string? OpenWorkItemId,
    IReadOnlyList<CardImageRecord>? CardImages,
    CoverageToCheck? Coverage,
    EligibilitySnapshot? Eligibility,
    PatientFollowUp? FollowUp = null,
    int RemindersSent = 0,
    long? ReminderDue = null,
    long? RecheckDue = null,
    long? RecheckUntil = null,
    Domain.Estimates.EstimateRecord? Estimate = null,
    long StepSequence = 0,
    IReadOnlyList<CompletedStep>? CompletedSteps = null,
    IReadOnlyList<CardReadRecord>? CardReads = null,
    IReadOnlyList<RefusedCardRecord>? RefusedCards = null,
    VisitCancellation? Cancellation = null,
    Domain.Forms.FormRecords? Forms = null,
    IReadOnlyList<AuthorizationLine>? Authorizations = null)
{
    // ReminderDue, RecheckDue and RecheckUntil are derived, written only for the sweeps' range queries: Unix
    // seconds compare as numbers in Cosmos SQL, where ISO dates with varying fractions would compare as text.

    public static RegistrationDocument From(Registration r) => new(
        r.Id.Value, "registration", r.Patient, AppointmentDocument.From(r.Appointment), r.TypedInsurance, r.Consents,
        r.CreatedAt.ToUniversalTime(), r.Stage, r.Awaiting, r.Steps, r.UpdatedAt.ToUniversalTime(), r.OpenWorkItemId,
        r.CardImages, r.Coverage, r.Eligibility, r.FollowUp, r.RemindersSent,
        r.FollowUp?.NextReminderAt?.ToUnixTimeSeconds(),
        r.EligibilityRecheckAt?.ToUnixTimeSeconds(),
        r.EligibilityRecheckAt is null ? null : r.Appointment.ScheduledAt.ToUnixTimeSeconds(),
        r.Estimate, r.StepSequence, r.CompletedSteps,
        r.CardReads.Count == 0 ? null : r.CardReads,
        r.RefusedCards.Count == 0 ? null : r.RefusedCards,
        r.Cancellation,
        r.Forms == Domain.Forms.FormRecords.Empty ? null : r.Forms,
        r.Authorizations.Count == 0 ? null : r.Authorizations);

    public Registration ToDomain() => new(
        RegistrationId.Parse(Id), Patient, Appointment.ToDomain(), TypedInsurance, Consents, CreatedAt, Stage, Awaiting,
        Steps, UpdatedAt, OpenWorkItemId, CardImages, Coverage, Eligibility, FollowUp, RemindersSent, Estimate, StepSequence, CompletedSteps,
        CardReads, RefusedCards, Cancellation, Forms, Authorizations);
}

internal sealed record AppointmentDocument(
    DateTimeOffset ScheduledAt, string TimeZone, IReadOnlyList<string> ServiceCodes, string RenderingNpi, string? OrderingNpi, string FacilityId)
{
    public static AppointmentDocument From(Appointment a) => new(
        a.ScheduledAt, a.TimeZone, a.ServiceCodes.Select(c => c.Value).ToList(), a.RenderingProvider.Value, a.OrderingProvider?.Value, a.FacilityId);

    public Appointment ToDomain() => new(
        ScheduledAt,
        TimeZone,
        ServiceCodes.Select(c => ProcedureCode.TryCreate(c, out var code) ? code : throw new InvalidDataException("A stored service code is malformed.")).ToList(),
        Npi.TryCreate(RenderingNpi, out var rendering) ? rendering : throw new InvalidDataException("A stored NPI is malformed."),
        OrderingNpi is null ? null : Npi.TryCreate(OrderingNpi, out var ordering) ? ordering : throw new InvalidDataException("A stored NPI is malformed."),
        FacilityId);
}

internal sealed record WorkItemDocument(
    string Id,
    string RegistrationId,
    WorkItemReason Reason,
    string Explanation,
    string SuggestedAction,
    DateTimeOffset CreatedAt,
    WorkItemStatus Status,
    string? AssignedTo,
    string? ResolvedBy,
    ResolutionAction? Resolution,
    string? ResolutionNote,
    DateTimeOffset? ResolvedAt,
    string? OrchestrationInstanceId = null,
    string? CorrelationId = null)
{
    public static WorkItemDocument From(WorkItem w) => new(
        w.Id, w.RegistrationId, w.Reason, w.Explanation, w.SuggestedAction, w.CreatedAt.ToUniversalTime(), w.Status, w.AssignedTo,
        w.ResolvedBy, w.Resolution, w.ResolutionNote, w.ResolvedAt?.ToUniversalTime(), w.OrchestrationInstanceId, w.CorrelationId);

    public WorkItem ToDomain() => new(
        Id, RegistrationId, Reason, Explanation, SuggestedAction, CreatedAt, Status, AssignedTo, ResolvedBy, Resolution, ResolutionNote, ResolvedAt,
        OrchestrationInstanceId, CorrelationId);
}

internal sealed record AuditDocument(string Id, string RegistrationId, string Actor, string Action, DateTimeOffset At)
{
    public static AuditDocument From(AuditEntry e) => new(e.Id, e.RegistrationId, e.Actor, e.Action, e.At.ToUniversalTime());

    public AuditEntry ToDomain() => new(Id, RegistrationId, Actor, Action, At);
}

internal sealed record IdempotencyDocument(string Id, string RequestHash, string RegistrationId, DateTimeOffset CreatedAt)
{
    public static IdempotencyDocument From(IdempotencyRecord r) => new(r.Key, r.RequestHash, r.RegistrationId.Value, r.CreatedAt.ToUniversalTime());

    public IdempotencyRecord ToDomain() => new(Id, RequestHash, Domain.Registrations.RegistrationId.Parse(RegistrationId), CreatedAt);
}

internal sealed record PatientLinkDocument(
    string Id,
    string RegistrationId,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string IssuedBy,
    DateTimeOffset? RevokedAt,
    string? RevokedBy,
    int? Ttl)
{
    /// <summary>Cosmos removes a link document this long after it expired (the link itself stops working at ExpiresAt).</summary>
    public static readonly TimeSpan KeepAfterExpiry = TimeSpan.FromDays(30);

    public static PatientLinkDocument From(Domain.Portal.PatientLink l, DateTimeOffset now) => new(
        l.TokenHash, l.RegistrationId.Value, l.IssuedAt.ToUniversalTime(), l.ExpiresAt.ToUniversalTime(), l.IssuedBy,
        l.RevokedAt?.ToUniversalTime(), l.RevokedBy,
        (int)Math.Clamp((l.ExpiresAt + KeepAfterExpiry - now).TotalSeconds, 60, int.MaxValue));

    public Domain.Portal.PatientLink ToDomain() => new(
        Id, Domain.Registrations.RegistrationId.Parse(RegistrationId), IssuedAt, ExpiresAt, IssuedBy, RevokedAt, RevokedBy);
}

namespace PatientAccess.Domain.Registrations;

/// <summary>The patient as registered. Everything here is PHI and stays in the registration store.</summary>
public sealed record Patient(
    PersonName Name,
    DateOnly BirthDate,
    AdministrativeSex Sex,
    PostalAddress Address,
    PhoneNumber? Phone,
    EmailAddress? Email,
    string Language,
    string TimeZone);

/// <summary>The visit the patient is being cleared for.</summary>
public sealed record Appointment(
    DateTimeOffset ScheduledAt,
    string TimeZone,
    IReadOnlyList<ProcedureCode> ServiceCodes,
    Npi RenderingProvider,
    Npi? OrderingProvider,
    string FacilityId);

/// <summary>What the patient agreed to at pre-registration, and when.</summary>
public sealed record Consents(bool Sms, bool Email, string TermsVersion, DateTimeOffset GivenAt);

/// <summary>Where a clearance stands. Each value is a status a specialist can act on.</summary>
public enum ClearanceStage
{
    /// <summary>Stored; the clearance orchestration has not reported yet.</summary>
    Received,
    /// <summary>Waiting for the patient's insurance card photos.</summary>
    AwaitingCard,
    /// <summary>A card image passed the checks and is recorded.</summary>
    CardReceived,
    /// <summary>The card was read and reconciled with what the patient typed.</summary>
    CardRead,
    /// <summary>Eligibility and benefits are known.</summary>
    EligibilityVerified,
    /// <summary>Every step is done; the patient is cleared for the visit.</summary>
    Cleared,
    /// <summary>A work item waits for a specialist.</summary>
    NeedsAttention,
    /// <summary>The clearance gave up (no card after reminders, or a specialist closed it).</summary>
    Incomplete,
    /// <summary>A specialist cancelled the clearance.</summary>
    Cancelled,
}

/// <summary>One step the clearance took, for the status page and the audit story.</summary>
public sealed record StepRecord(string Step, string Outcome, DateTimeOffset At);

/// <summary>
/// The registration aggregate: what was submitted, and where its clearance stands. State changes go
/// through methods that keep the step history and timestamps consistent; the store persists it with
/// optimistic concurrency.
/// </summary>
public sealed class Registration
{
    private readonly List<StepRecord> _steps;
    private readonly List<CardImageRecord> _cardImages;

    public Registration(
        RegistrationId id,
        Patient patient,
        Appointment appointment,
        TypedInsurance? typedInsurance,
        Consents consents,
        DateTimeOffset createdAt,
        ClearanceStage stage = ClearanceStage.Received,
        string? awaiting = null,
        IEnumerable<StepRecord>? steps = null,
        DateTimeOffset? updatedAt = null,
        string? openWorkItemId = null,
        IEnumerable<CardImageRecord>? cardImages = null,
        CoverageToCheck? coverage = null,
        EligibilitySnapshot? eligibility = null)
    {
        Id = id;
        Patient = patient;
        Appointment = appointment;
        TypedInsurance = typedInsurance;
        Consents = consents;
        CreatedAt = createdAt;
        Stage = stage;
        Awaiting = awaiting;
        _steps = steps?.ToList() ?? [];
        UpdatedAt = updatedAt ?? createdAt;
        OpenWorkItemId = openWorkItemId;
        _cardImages = cardImages?.ToList() ?? [];
        Coverage = coverage;
        Eligibility = eligibility;
    }

    public RegistrationId Id { get; }
    public Patient Patient { get; }
    public Appointment Appointment { get; }
    public TypedInsurance? TypedInsurance { get; }
    public Consents Consents { get; }
    public DateTimeOffset CreatedAt { get; }
    public ClearanceStage Stage { get; private set; }

    /// <summary>What the clearance waits for, in a word a specialist understands (e.g. "InsuranceCard"); null when not waiting.</summary>
    public string? Awaiting { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }
    public string? OpenWorkItemId { get; private set; }
    public IReadOnlyList<StepRecord> Steps => _steps;

    /// <summary>Card photos received and accepted, oldest first.</summary>
    public IReadOnlyList<CardImageRecord> CardImages => _cardImages;

    /// <summary>The coverage to check with the payer, once settled.</summary>
    public CoverageToCheck? Coverage { get; private set; }

    /// <summary>The latest eligibility result.</summary>
    public EligibilitySnapshot? Eligibility { get; private set; }

    /// <summary>Records an accepted card image; a redelivered upload of the same blob changes nothing.</summary>
    public bool AddCardImage(CardImageRecord image, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (_cardImages.Exists(i => i.BlobName == image.BlobName)) return false;
        _cardImages.Add(image);
        UpdatedAt = at;
        return true;
    }

    /// <summary>Settles the coverage to check; false when it is already exactly this.</summary>
    public bool SettleCoverage(CoverageToCheck coverage, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        if (Coverage == coverage) return false;
        Coverage = coverage;
        UpdatedAt = at;
        return true;
    }

    /// <summary>Records an eligibility result; false when the same result is on file already.</summary>
    public bool RecordEligibility(EligibilitySnapshot eligibility, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(eligibility);
        if (Eligibility is not null && Eligibility.CheckedAt == eligibility.CheckedAt && Eligibility.ResponseBlobName == eligibility.ResponseBlobName) return false;
        Eligibility = eligibility;
        UpdatedAt = at;
        return true;
    }

    /// <summary>
    /// Records that the clearance reached <paramref name="stage"/> through <paramref name="step"/>.
    /// Returns false (and changes nothing) when that step was already recorded with the same outcome,
    /// so a retried activity leaves one entry.
    /// </summary>
    public bool Advance(ClearanceStage stage, string step, string outcome, string? awaiting, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        ArgumentException.ThrowIfNullOrWhiteSpace(outcome);
        if (_steps.Exists(s => s.Step == step && s.Outcome == outcome) && Stage == stage && Awaiting == awaiting)
        {
            return false;
        }
        if (Stage is ClearanceStage.Cancelled)
        {
            throw new InvalidOperationException($"Registration {Id} is cancelled; step {step} cannot be recorded.");
        }
        Stage = stage;
        Awaiting = awaiting;
        if (stage != ClearanceStage.NeedsAttention) OpenWorkItemId = null;
        _steps.Add(new StepRecord(step, outcome, at));
        UpdatedAt = at;
        return true;
    }

    /// <summary>Marks the registration as waiting for a specialist on <paramref name="workItemId"/>.</summary>
    public bool AwaitSpecialist(string workItemId, string step, DateTimeOffset at)
    {
        if (OpenWorkItemId == workItemId && Stage == ClearanceStage.NeedsAttention) return false;
        Advance(ClearanceStage.NeedsAttention, step, "work item opened", "Specialist", at);
        OpenWorkItemId = workItemId;
        return true;
    }
}

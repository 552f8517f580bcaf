using PatientAccess.Domain.Forms;

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
    /// <summary>The service lines' prior authorizations are being decided (asked of the payer, or waiting for its decision).</summary>
    AuthorizationPending,
    /// <summary>
    /// Every service line is authorized, needs none, or a specialist settled it (or, self-pay, there is no payer to ask);
    /// the clearance goes on to the estimate and the consents.
    /// </summary>
    Authorized,
    /// <summary>Waiting for the patient to sign the forms the visit needs (consent to treat, privacy notice, ...).</summary>
    AwaitingForms,
    /// <summary>Every step is done; the patient is cleared for the visit.</summary>
    Cleared,
    /// <summary>A work item waits for a specialist.</summary>
    NeedsAttention,
    /// <summary>The clearance gave up (no card after reminders, or a specialist closed it).</summary>
    Incomplete,
    /// <summary>A specialist cancelled the clearance.</summary>
    Cancelled,
}

/// <summary>
/// The visit was cancelled: why (the caller's words; kept on the registration, never logged), when, by whom, and whether
/// the patient asked for a confirmation message.
/// </summary>
public sealed record VisitCancellation(string Reason, DateTimeOffset At, string By, bool ConfirmationRequested);

/// <summary>
/// What moving a visit invalidated: the dates of service before and after (the visit's zone), whether the eligibility
/// answer no longer covers the new date, and whether the estimate no longer fits (date or services changed).
/// </summary>
public sealed record VisitMove(DateOnly From, DateOnly To, bool EligibilityStale, bool EstimateStale);

/// <summary>One step the clearance took, for the status page and the audit story.</summary>
public sealed record StepRecord(string Step, string Outcome, DateTimeOffset At);

/// <summary>
/// A step an activity finished, by its step key (the orchestration instance and the step's name), with what it
/// returned: codes and plain words, never PHI. A repeated run of that step returns <paramref name="Output"/> instead of
/// doing the work again (asking the payer, reading the card).
/// </summary>
public sealed record CompletedStep(string Key, string Output, DateTimeOffset At);

/// <summary>
/// The registration aggregate: what was submitted, and where its clearance stands. State changes go
/// through methods that keep the step history and timestamps consistent; the store persists it with
/// optimistic concurrency.
/// </summary>
public sealed class Registration
{
    private readonly List<StepRecord> _steps;
    private readonly List<CardImageRecord> _cardImages;
    private readonly List<CompletedStep> _completedSteps;
    private readonly List<CardReadRecord> _cardReads;
    private readonly List<RefusedCardRecord> _refusedCards;
    private readonly List<AuthorizationLine> _authorizations;

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
        EligibilitySnapshot? eligibility = null,
        PatientFollowUp? followUp = null,
        int remindersSent = 0,
        Estimates.EstimateRecord? estimate = null,
        long stepSequence = 0,
        IEnumerable<CompletedStep>? completedSteps = null,
        IEnumerable<CardReadRecord>? cardReads = null,
        IEnumerable<RefusedCardRecord>? refusedCards = null,
        VisitCancellation? cancellation = null,
        FormRecords? forms = null,
        IEnumerable<AuthorizationLine>? authorizations = null)
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
        FollowUp = followUp;
        RemindersSent = remindersSent;
        Estimate = estimate;
        StepSequence = stepSequence;
        _completedSteps = completedSteps?.ToList() ?? [];
        _cardReads = cardReads?.ToList() ?? [];
        _refusedCards = refusedCards?.ToList() ?? [];
        Cancellation = cancellation;
        Forms = forms ?? FormRecords.Empty;
        _authorizations = authorizations?.ToList() ?? [];
        _authorizations.Sort(ByLineKey);
    }

    /// <summary>How long before the visit a verified eligibility is checked again (coverage can end in between).</summary>
    public static readonly TimeSpan EligibilityRecheckLead = TimeSpan.FromDays(3);

    public RegistrationId Id { get; }
    public Patient Patient { get; private set; }
    public Appointment Appointment { get; private set; }
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

    /// <summary>How each accepted card photo was read, oldest first (one record per photo).</summary>
    public IReadOnlyList<CardReadRecord> CardReads => _cardReads;

    /// <summary>Uploads the intake refused before reading (wrong format, too small, ...), oldest first.</summary>
    public IReadOnlyList<RefusedCardRecord> RefusedCards => _refusedCards;

    /// <summary>The service lines' prior authorizations as the clearance settled them, in line order.</summary>
    public IReadOnlyList<AuthorizationLine> Authorizations => _authorizations;

    /// <summary>The coverage to check with the payer, once settled.</summary>
    public CoverageToCheck? Coverage { get; private set; }

    /// <summary>The latest eligibility result.</summary>
    public EligibilitySnapshot? Eligibility { get; private set; }

    /// <summary>What the clearance waits for the patient to do, and the reminders for it; null when nothing.</summary>
    public PatientFollowUp? FollowUp { get; private set; }

    /// <summary>Reminders written for this registration over all waits; numbers the next one (its outbox key).</summary>
    public int RemindersSent { get; private set; }

    /// <summary>What the patient is expected to owe (and the Good Faith Estimate for a self-pay patient); null until estimated.</summary>
    public Estimates.EstimateRecord? Estimate { get; private set; }

    /// <summary>
    /// The sequence number of the newest clearance step recorded: the clearance numbers its stage changes in its own
    /// order, and an update that carries a number at or below this one (a message redelivered after a crash, late) is
    /// older than what is on file and changes nothing.
    /// </summary>
    public long StepSequence { get; private set; }

    /// <summary>
    /// Moves the visit to <paramref name="appointment"/> (time, place, services). Null when it is this appointment already
    /// (a repeated request); otherwise what the move invalidates: the eligibility answer when the new date of service
    /// falls outside the coverage dates it gave (or it gave none) or in another calendar (benefit) year, and the estimate
    /// when the date or the services changed.
    /// The pre-visit re-check date and the reminders' timing follow the appointment by themselves
    /// (<see cref="EligibilityRecheckAt"/>, the sweeps read the visit time when they run).
    /// </summary>
    /// <exception cref="InvalidOperationException">The visit is cancelled.</exception>
    public VisitMove? Reschedule(Appointment appointment, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        if (Stage == ClearanceStage.Cancelled) throw new InvalidOperationException($"Registration {Id} is cancelled; its visit cannot move.");
        if (SameVisit(Appointment, appointment)) return null;
        var oldDate = Estimates.RegistrationEstimates.LocalDate(Appointment.ScheduledAt, Appointment.TimeZone);
        var newDate = Estimates.RegistrationEstimates.LocalDate(appointment.ScheduledAt, appointment.TimeZone);
        // The payer answered for the old date: outside its coverage dates (or with none), or in another benefit year
        // (deductibles reset, plans renew), that answer says nothing about the new date.
        var eligibilityStale = Eligibility is { } e && newDate != oldDate
            && ((e.CoverageStart is null && e.CoverageEnd is null) || newDate < e.CoverageStart || newDate > e.CoverageEnd || newDate.Year != oldDate.Year);
        var estimateStale = Estimate is not null && (newDate != oldDate || !Appointment.ServiceCodes.SequenceEqual(appointment.ServiceCodes));
        Appointment = appointment;
        _steps.Add(new StepRecord("rescheduled", eligibilityStale ? "visit moved outside the checked coverage" : "visit moved", at));
        UpdatedAt = at;
        return new VisitMove(oldDate, newDate, eligibilityStale, estimateStale);
    }

    private static bool SameVisit(Appointment a, Appointment b) =>
        a.ScheduledAt == b.ScheduledAt && a.TimeZone == b.TimeZone && a.ServiceCodes.SequenceEqual(b.ServiceCodes)
        && a.RenderingProvider == b.RenderingProvider && a.OrderingProvider == b.OrderingProvider && a.FacilityId == b.FacilityId;

    /// <summary>The visit's cancellation; null while the visit stands.</summary>
    public VisitCancellation? Cancellation { get; private set; }

    /// <summary>
    /// Cancels the visit: the stage becomes <see cref="ClearanceStage.Cancelled"/>, which is terminal (no later stage
    /// change applies, see <see cref="Advance"/>), nothing is awaited any more and the patient's reminders stop. False
    /// when the visit is cancelled already (a repeated request keeps the first cancellation).
    /// </summary>
    public bool Cancel(VisitCancellation cancellation)
    {
        ArgumentNullException.ThrowIfNull(cancellation);
        ArgumentException.ThrowIfNullOrWhiteSpace(cancellation.Reason);
        if (Stage == ClearanceStage.Cancelled) return false;
        Stage = ClearanceStage.Cancelled;
        Awaiting = null;
        OpenWorkItemId = null;
        FollowUp = null;
        Cancellation = cancellation;
        _steps.Add(new StepRecord("cancelled", "visit cancelled", cancellation.At));
        UpdatedAt = cancellation.At;
        return true;
    }
    /// <summary>The patient's signed forms, withdrawals and Medicare Secondary Payer answers.</summary>
    public FormRecords Forms { get; private set; }

    /// <summary>Steps finished by activities, with their outputs (see <see cref="CompletedStep"/>).</summary>
    public IReadOnlyList<CompletedStep> CompletedSteps => _completedSteps;

    /// <summary>
    /// When eligibility should be checked again: <see cref="EligibilityRecheckLead"/> before the visit, for a
    /// registration (cleared, or verified by a clearance of before the estimate) whose eligibility was verified earlier
    /// than that; null otherwise.
    /// </summary>
    public DateTimeOffset? EligibilityRecheckAt =>
        Stage is ClearanceStage.EligibilityVerified or ClearanceStage.Cleared && Eligibility is { } e && e.CheckedAt < Appointment.ScheduledAt - EligibilityRecheckLead
            ? Appointment.ScheduledAt - EligibilityRecheckLead
            : null;

    /// <summary>
    /// Starts waiting for the patient to do <paramref name="task"/> from clearance step <paramref name="step"/>.
    /// False when this very wait is on file already (a retried activity keeps its reminder count).
    /// </summary>
    public bool ExpectFromPatient(PatientTask task, string step, DateTimeOffset? firstReminderAt, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        if (FollowUp is { } current && current.Task == task && current.Step == step) return false;
        FollowUp = new PatientFollowUp(task, step, at, firstReminderAt, 0);
        UpdatedAt = at;
        return true;
    }

    /// <summary>The patient's part is done (or no longer theirs): no more reminders. False when none were planned.</summary>
    public bool StopFollowUp(DateTimeOffset at)
    {
        if (FollowUp is null) return false;
        FollowUp = null;
        UpdatedAt = at;
        return true;
    }

    /// <summary>A reminder was written to the outbox; the next is due at <paramref name="next"/> (null: none).</summary>
    public void RecordReminder(DateTimeOffset? next, DateTimeOffset at)
    {
        var current = FollowUp ?? throw new InvalidOperationException($"Registration {Id} waits for nothing from the patient.");
        FollowUp = current with { NextReminderAt = next, RemindersSent = current.RemindersSent + 1 };
        RemindersSent++;
        UpdatedAt = at;
    }

    /// <summary>
    /// Counts reminder number <paramref name="number"/> (the <see cref="RemindersSent"/> its outbox key was made with),
    /// written to the outbox for the wait <paramref name="step"/>. Counted whatever the registration did since it was
    /// read: a reminder in the outbox is always counted, once. The wait's next reminder moves to
    /// <paramref name="next"/> only while the patient is still asked for that wait (a card that arrived meanwhile
    /// stopped it). False when the reminder was counted already (another sweep wrote the same key first).
    /// </summary>
    public bool CountReminder(int number, string step, DateTimeOffset? next, DateTimeOffset at)
    {
        if (RemindersSent > number) return false;
        RemindersSent = number + 1;
        if (FollowUp is { } current && current.Step == step)
        {
            FollowUp = current with { NextReminderAt = next, RemindersSent = current.RemindersSent + 1 };
        }
        UpdatedAt = at;
        return true;
    }

    /// <summary>No reminder could be written now (no consent, policy); look again at <paramref name="next"/>.</summary>
    public void PostponeReminder(DateTimeOffset? next, DateTimeOffset at)
    {
        var current = FollowUp ?? throw new InvalidOperationException($"Registration {Id} waits for nothing from the patient.");
        FollowUp = current with { NextReminderAt = next };
        UpdatedAt = at;
    }

    /// <summary>
    /// Consent came back (START): a reminder held back for the missing consent is due at <paramref name="at"/>.
    /// False when nothing waits for the patient, the clearance was already told they did not answer, or one is due sooner.
    /// </summary>
    public bool ResumeReminders(DateTimeOffset at)
    {
        if (FollowUp is not { GaveUpAt: null } current || current.NextReminderAt <= at) return false;
        FollowUp = current with { NextReminderAt = at };
        UpdatedAt = at;
        return true;
    }

    /// <summary>Every reminder went out and the patient did not answer; the clearance is told once.</summary>
    public void GiveUpFollowUp(DateTimeOffset at)
    {
        var current = FollowUp ?? throw new InvalidOperationException($"Registration {Id} waits for nothing from the patient.");
        FollowUp = current with { NextReminderAt = null, GaveUpAt = at };
        UpdatedAt = at;
    }

    /// <summary>
    /// An uploaded photo was refused by the checks: while the patient is asked for a card, the next reminder
    /// becomes "please upload again", due at <paramref name="due"/>. False when no card is expected from the patient.
    /// </summary>
    public bool AskForRetake(DateTimeOffset? due, DateTimeOffset at)
    {
        if (FollowUp is not { GaveUpAt: null } current) return false;
        if (current.Task == PatientTask.RetakeCard && current.NextReminderAt <= due) return false;
        FollowUp = current with { Task = PatientTask.RetakeCard, NextReminderAt = due };
        UpdatedAt = at;
        return true;
    }

    /// <summary>Records an accepted card image; a redelivered upload of the same blob changes nothing.</summary>
    public bool AddCardImage(CardImageRecord image, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (_cardImages.Exists(i => i.BlobName == image.BlobName)) return false;
        _cardImages.Add(image);
        UpdatedAt = at;
        return true;
    }

    /// <summary>Records how a card photo was read; a repeated read of the same photo replaces the earlier record. False when unchanged.</summary>
    public bool RecordCardRead(CardReadRecord read, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(read);
        var index = _cardReads.FindIndex(r => r.BlobName == read.BlobName);
        if (index >= 0)
        {
            var earlier = _cardReads[index];
            if (earlier.Status == read.Status && earlier.ReasonCode == read.ReasonCode &&
                earlier.Fields.SequenceEqual(read.Fields) && earlier.Findings.SequenceEqual(read.Findings)) return false;
            _cardReads[index] = read;
        }
        else
        {
            _cardReads.Add(read);
        }
        UpdatedAt = at;
        return true;
    }

    /// <summary>Records an upload the intake refused; a redelivered refusal of the same blob changes nothing.</summary>
    public bool RecordRefusedCard(RefusedCardRecord refused, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(refused);
        if (_refusedCards.Exists(r => r.BlobName == refused.BlobName)) return false;
        _refusedCards.Add(refused);
        UpdatedAt = at;
        return true;
    }

    /// <summary>
    /// A specialist corrected the patient's name or date of birth (already checked by the field rules). False when
    /// nothing changed.
    /// </summary>
    public bool CorrectPatient(PersonName name, DateOnly birthDate, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Patient.Name == name && Patient.BirthDate == birthDate) return false;
        Patient = Patient with { Name = name, BirthDate = birthDate };
        UpdatedAt = at;
        return true;
    }

    /// <summary>The patient chose another language for messages and the portal (en or es). False when unchanged.</summary>
    public bool ChangeLanguage(string language, DateTimeOffset at)
    {
        if (!RegistrationForm.SupportedLanguages.Contains(language)) throw new ArgumentOutOfRangeException(nameof(language), "Supported languages are en and es.");
        if (Patient.Language == language) return false;
        Patient = Patient with { Language = language };
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

    /// <summary>Records a service line's authorization (replacing the line's earlier record); false when exactly this is on file.</summary>
    public bool RecordAuthorization(AuthorizationLine line, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(line);
        var index = _authorizations.FindIndex(a => a.LineKey == line.LineKey);
        if (index >= 0)
        {
            if (_authorizations[index] with { UpdatedAt = line.UpdatedAt } == line) return false;
            _authorizations[index] = line;
        }
        else
        {
            _authorizations.Add(line);
            _authorizations.Sort(ByLineKey);
        }
        UpdatedAt = at;
        return true;
    }

    /// <summary>Line keys are 1-based positions ("1", "2", ... "10"): shorter first, then in order.</summary>
    private static int ByLineKey(AuthorizationLine a, AuthorizationLine b) =>
        a.LineKey.Length != b.LineKey.Length ? a.LineKey.Length.CompareTo(b.LineKey.Length) : string.CompareOrdinal(a.LineKey, b.LineKey);

    /// <summary>
    /// Records an estimate; false when the estimate of this step (<see cref="Estimates.EstimateRecord.StepKey"/>) is on
    /// file already, so a retried step keeps the first one. A later step (a re-estimate) replaces it.
    /// </summary>
    public bool RecordEstimate(Estimates.EstimateRecord estimate, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentException.ThrowIfNullOrWhiteSpace(estimate.StepKey);
        if (Estimate?.StepKey == estimate.StepKey) return false;
        Estimate = estimate;
        UpdatedAt = at;
        return true;
    }

    /// <summary>
    /// Records a signature. False (and nothing changes) when the same request was recorded already, so a replayed
    /// signing request leaves one signature.
    /// </summary>
    public bool RecordSignature(FormSignature signature, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (Forms.ForRequest(signature.RequestId) is not null || Forms.Signatures.Any(s => s.Id == signature.Id)) return false;
        Forms = Forms with { Signatures = [.. Forms.Signatures, signature] };
        UpdatedAt = at;
        return true;
    }

    /// <summary>Records a withdrawal of a signed form; false when the form is not signed now (nothing to withdraw).</summary>
    public bool WithdrawForm(FormWithdrawal withdrawal)
    {
        ArgumentNullException.ThrowIfNull(withdrawal);
        if (Forms.StateOf(withdrawal.Kind) != FormState.InForce) return false;
        Forms = Forms with { Withdrawals = [.. Forms.Withdrawals, withdrawal] };
        UpdatedAt = withdrawal.At;
        return true;
    }

    /// <summary>Records the Medicare Secondary Payer answers and the order of benefits they set; false when the same answers are on file.</summary>
    public bool RecordMsp(MspRecord msp)
    {
        ArgumentNullException.ThrowIfNull(msp);
        if (Forms.Msp is { } current && current.Answers == msp.Answers && current.TemplateVersion == msp.TemplateVersion) return false;
        Forms = Forms with { Msp = msp };
        UpdatedAt = msp.AnsweredAt;
        return true;
    }

    /// <summary>
    /// True when a change numbered <paramref name="sequence"/> is newer than every step on file (or carries no number:
    /// a change outside the clearance's own order). A caller that changes more than the stage (the patient's reminders)
    /// asks this first, so a stale update changes nothing at all.
    /// </summary>
    public bool Accepts(long? sequence) => sequence is not { } s || s > StepSequence;

    /// <summary>
    /// Records that the clearance reached <paramref name="stage"/> through <paramref name="step"/>.
    /// Returns false (and changes nothing) when that step was already recorded with the same outcome, so a retried
    /// activity leaves one entry, when <paramref name="sequence"/> is not newer than <see cref="StepSequence"/> (an
    /// older step never overwrites a newer one), or when the visit is cancelled (terminal).
    /// </summary>
    /// <param name="sequence">The step's number in the clearance's own order; null for a change outside that order.</param>
    public bool Advance(ClearanceStage stage, string step, string outcome, string? awaiting, DateTimeOffset at, long? sequence = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        ArgumentException.ThrowIfNullOrWhiteSpace(outcome);
        if (!Accepts(sequence))
        {
            return false;
        }
        if (_steps.Exists(s => s.Step == step && s.Outcome == outcome) && Stage == stage && Awaiting == awaiting)
        {
            return false;
        }
        if (Stage is ClearanceStage.Cancelled)
        {
            // Terminal: a step of the clearance that was still on its way when the visit was cancelled changes nothing.
            return false;
        }
        Stage = stage;
        Awaiting = awaiting;
        if (stage != ClearanceStage.NeedsAttention) OpenWorkItemId = null;
        _steps.Add(new StepRecord(step, outcome, at));
        if (sequence is { } number) StepSequence = number;
        UpdatedAt = at;
        return true;
    }

    /// <summary>Marks the registration as waiting for a specialist on <paramref name="workItemId"/>.</summary>
    /// <param name="stage">The stage while the item is open: <see cref="ClearanceStage.NeedsAttention"/>, or
    /// <see cref="ClearanceStage.Incomplete"/> when the clearance gave up and the item is the specialist's last chance.</param>
    /// <param name="sequence">As for <see cref="Advance"/>: an older step changes nothing.</param>
    public bool AwaitSpecialist(string workItemId, string step, DateTimeOffset at, ClearanceStage stage = ClearanceStage.NeedsAttention, long? sequence = null)
    {
        if (!Accepts(sequence) || Stage == ClearanceStage.Cancelled) return false;
        if (OpenWorkItemId == workItemId && Stage == stage) return false;
        Advance(stage, step, "work item opened", "Specialist", at, sequence);
        OpenWorkItemId = workItemId;
        return true;
    }

    /// <summary>What the step <paramref name="key"/> returned when it finished; null when it has not finished.</summary>
    public string? CompletedStepOutput(string key) => _completedSteps.Find(s => s.Key == key)?.Output;

    /// <summary>Records that step <paramref name="key"/> finished with <paramref name="output"/>; false when it had already.</summary>
    public bool CompleteStep(string key, string output, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(output);
        if (_completedSteps.Exists(s => s.Key == key)) return false;
        _completedSteps.Add(new CompletedStep(key, output, at));
        UpdatedAt = at;
        return true;
    }
}

using PatientAccess.Domain.Audit;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Operations;
using PatientAccess.Workflow.Portal;

namespace PatientAccess.Workflow.SpecialistConsole;

/// <summary>A card photo as the console shows it: the image by a short read-only link, and how it was read.</summary>
public sealed record ConsoleCard(CardImageRecord Image, Uri? ImageUrl, CardReadRecord? Read);

/// <summary>One resolution the API offers, with what it does in plain words.</summary>
public sealed record ConsoleResolution(ResolutionAction Action, string Remedy);

/// <summary>A message sent (or waiting) to the patient: the templates carry no PHI, so the text is shown as sent.</summary>
public sealed record ConsoleMessage(string Key, MessagePurpose Purpose, NotificationChannel Channel, OutboxStatus Status,
    DateTimeOffset CreatedUtc, DateTimeOffset? SentUtc, string Text);

/// <summary>
/// Everything a specialist needs about one registration: the patient and visit, what was typed, the coverage in use,
/// the card photos with the reader's fields and confidence, the eligibility result, the patient follow-up and the
/// messages, work items open and closed, the timeline from the audit, and the resolutions on offer.
/// <see cref="Estimate"/>: the estimate as computed (every line's steps and sources, the accumulators, the Good Faith
/// Estimate of a self-pay patient in full); null until estimated. <see cref="Authorization"/>: each service line's
/// prior authorization (null before the authorization phase). <see cref="Questions"/>: the conversation with the patient
/// (questions and replies, each reply's outbox state, the open question's due time).
/// </summary>
public sealed record ConsoleRegistration(
    string Id,
    ClearanceStage Stage,
    string? Awaiting,
    Patient Patient,
    Appointment Appointment,
    TypedInsurance? TypedInsurance,
    CoverageToCheck? Coverage,
    IReadOnlyList<ConsoleCard> Cards,
    IReadOnlyList<RefusedCardRecord> RefusedCards,
    EligibilitySnapshot? Eligibility,
    PatientFollowUp? FollowUp,
    IReadOnlyList<ConsoleMessage> Messages,
    IReadOnlyList<WorkItem> WorkItems,
    IReadOnlyList<AuditEntry> Timeline,
    IReadOnlyList<StepRecord> Steps,
    IReadOnlyList<ConsoleResolution> Resolutions,
    IReadOnlyList<AuthorizationLine>? Authorization = null,
    Domain.Estimates.EstimateRecord? Estimate = null,
    Questions.ConsoleQuestionThread? Questions = null);

/// <summary>A specialist's correction; null fields stay as they are. Checked with the same field rules as pre-registration.</summary>
public sealed record CorrectionRequest(
    string? MemberId,
    string? GroupNumber,
    string? PayerId,
    string? PayerName,
    string? GivenName,
    string? FamilyName,
    string? BirthDate);

/// <summary>
/// The specialist console's operations. Every read of a patient's data is audited first (who, what, when; no data in
/// the entry). A correction stores the data on the registration (audited, field names only) and leaves the clearance
/// alone: the specialist resolves the open work item with Continue to have eligibility checked again.
/// </summary>
public sealed class ConsoleOperations(
    IWorkItemStore workItems,
    IRegistrationStore registrations,
    IAuditTrail audit,
    ICardImageStore images,
    INotificationOutbox outbox,
    PatientLinks links,
    RegistrationUpdater updater,
    Questions.QuestionOperations questions)
{
    /// <summary>How long a card image link works.</summary>
    public static readonly TimeSpan CardImageLinkLifetime = TimeSpan.FromMinutes(5);

    private const int ParallelReads = 8;

    /// <summary>The remedies, in the order the console offers them.</summary>
    public static IReadOnlyList<ConsoleResolution> Resolutions { get; } =
    [
        new(ResolutionAction.Continue, "The problem is fixed (data corrected or confirmed): the clearance goes on and checks eligibility again with what is on file."),
        new(ResolutionAction.RetryPatientStep, "Ask the patient again: they get a new message to send a card photo, and the clearance waits for it."),
        new(ResolutionAction.Close, "Stop the clearance: the registration ends incomplete and the patient gets no more reminders."),
    ];

    /// <summary>The open items joined with their registrations, filtered, ordered and paged; the shown registrations are audited as viewed.</summary>
    public async Task<WorklistPage> ListWorklistAsync(WorklistQuery query, string viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var open = await workItems.ListOpenAsync(null, WorklistOperations.MaxListed, cancellationToken);
        var rows = new WorklistRow[open.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, open.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, ct) => rows[i] = await RowAsync(open[i], ct));
        var page = Worklist.Select(rows, query);
        var at = updater.Now;
        await Parallel.ForEachAsync(page.Items.Select(r => r.RegistrationId).Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (id, ct) => await AuditViewAsync(id, viewer, "listed in the worklist", at, ct));
        return page;
    }

    /// <summary>One registration for the console; audited as viewed before it is answered.</summary>
    /// <exception cref="NotFoundException">Unknown registration.</exception>
    public async Task<ConsoleRegistration> GetRegistrationAsync(RegistrationId id, string viewer, CancellationToken cancellationToken)
    {
        var registration = (await registrations.GetAsync(id, cancellationToken)).Value;
        await AuditViewAsync(id.Value, viewer, "registration viewed", updater.Now, cancellationToken);
        var cards = new List<ConsoleCard>();
        foreach (var image in registration.CardImages)
        {
            Uri? url;
            try
            {
                url = await images.CreateReadUrlAsync(image.BlobName, CardImageLinkLifetime, cancellationToken);
            }
            catch (NotFoundException)
            {
                url = null;
            }
            cards.Add(new ConsoleCard(image, url, registration.CardReads.FirstOrDefault(r => r.BlobName == image.BlobName)));
        }
        var messages = (await outbox.ListForRegistrationAsync(id, cancellationToken))
            .Select(m => new ConsoleMessage(m.Key.Value, m.Purpose, m.Channel, m.Status, m.CreatedUtc, m.Status == OutboxStatus.Sent ? m.CompletedUtc : null, m.Body))
            .ToList();
        return new ConsoleRegistration(
            id.Value,
            registration.Stage,
            registration.Awaiting,
            registration.Patient,
            registration.Appointment,
            registration.TypedInsurance,
            registration.Coverage,
            cards,
            registration.RefusedCards,
            registration.Eligibility,
            registration.FollowUp,
            messages,
            await workItems.ListForRegistrationAsync(id.Value, cancellationToken),
            await audit.ListAsync(id.Value, cancellationToken),
            registration.Steps,
            Resolutions,
            registration.Authorizations.Count == 0 ? null : registration.Authorizations,
            registration.Estimate,
            await questions.GetForSpecialistAsync(id, cancellationToken));
    }

    /// <summary>
    /// Stores a specialist's correction: the coverage to check (source Specialist) and the patient's name and date of
    /// birth, each checked with the pre-registration field rules. Audited with the corrected field names, never values.
    /// </summary>
    /// <exception cref="ValidationException">A field breaks its rule, nothing was given, or no member id would be on file.</exception>
    /// <exception cref="ClearanceFinishedException">The registration is cancelled.</exception>
    public async Task<ConsoleRegistration> CorrectAsync(RegistrationId id, CorrectionRequest request, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ValidationError>();
        var now = updater.Now;
        var memberId = FieldRules.MemberId.Optional(request.MemberId, "memberId", errors);
        var group = FieldRules.GroupNumber.Optional(request.GroupNumber, "groupNumber", errors);
        var payerId = FieldRules.PayerId.Optional(request.PayerId, "payerId", errors);
        var payerName = FieldRules.PayerName.Optional(request.PayerName, "payerName", errors);
        var given = FieldRules.GivenName.Optional(request.GivenName, "givenName", errors);
        var family = FieldRules.FamilyName.Optional(request.FamilyName, "familyName", errors);
        var birthDate = string.IsNullOrWhiteSpace(request.BirthDate) ? null : RegistrationForm.BirthDate(request.BirthDate, "birthDate", errors, now);
        var named = new (string Field, object? Value)[]
        {
            ("memberId", memberId), ("groupNumber", group), ("payerId", payerId), ("payerName", payerName),
            ("givenName", given), ("familyName", family), ("birthDate", birthDate),
        }.Where(f => f.Value is not null).Select(f => f.Field).ToList();
        if (errors.Count == 0 && named.Count == 0) errors.Add(new("memberId", "give at least one field to correct"));
        if (errors.Count > 0) throw new ValidationException(errors);

        var current = (await registrations.GetAsync(id, cancellationToken)).Value;
        if (current.Stage == ClearanceStage.Cancelled) throw new ClearanceFinishedException(id, current.Stage.ToString());
        var coverageChanged = memberId is not null || group is not null || payerId is not null || payerName is not null;
        var typed = current.TypedInsurance;
        if (errors.Count == 0 && coverageChanged && (memberId ?? current.Coverage?.MemberId ?? typed?.MemberId) is null)
        {
            errors.Add(new("memberId", "is required: no member id is on file"));
        }
        if (errors.Count > 0) throw new ValidationException(errors);

        var words = string.Join(", ", named);
        await updater.UpdateAsync(id, r =>
        {
            var changed = false;
            if (coverageChanged)
            {
                var was = r.Coverage;
                var t = r.TypedInsurance;
                var coverage = new CoverageToCheck(
                    payerId ?? was?.PayerId ?? t?.PayerId,
                    payerName ?? was?.PayerName ?? t?.PayerName,
                    (memberId ?? was?.MemberId ?? t?.MemberId)!,
                    group ?? was?.GroupNumber ?? t?.GroupNumber,
                    CoverageSource.Specialist,
                    was?.PatientIsSubscriber ?? true);
                changed |= r.SettleCoverage(coverage, now);
            }
            if (given is not null || family is not null || birthDate is not null)
            {
                var name = r.Patient.Name with { Given = given ?? r.Patient.Name.Given, Family = family ?? r.Patient.Name.Family };
                changed |= r.CorrectPatient(name, birthDate ?? r.Patient.BirthDate, now);
            }
            return changed;
        }, $"corrected by a specialist: {words} at {now:O}", cancellationToken, actor: by);
        return await GetRegistrationAsync(id, by, cancellationToken);
    }

    /// <summary>
    /// Issues a fresh patient link for the specialist to give the patient (read out, or sent), and pulls the patient's
    /// next reminder forward to now when the clearance waits for them (it carries its own fresh link; consent, quiet
    /// hours and caps still apply).
    /// </summary>
    public async Task<IssuedPatientLink> IssuePatientLinkAsync(RegistrationId id, string by, CancellationToken cancellationToken)
    {
        var registration = (await registrations.GetAsync(id, cancellationToken)).Value;
        var link = await links.IssueAsync(registration, by, cancellationToken);
        var now = updater.Now;
        await updater.UpdateAsync(id, r => r.ResumeReminders(now), $"patient reminder brought forward by {by} at {now:O}", cancellationToken, actor: by);
        return link;
    }

    /// <summary>Revokes every working link of the registration (e.g. a phone number changed hands).</summary>
    /// <exception cref="NotFoundException">Unknown registration.</exception>
    public async Task<int> RevokePatientLinksAsync(RegistrationId id, string by, CancellationToken cancellationToken)
    {
        _ = await registrations.GetAsync(id, cancellationToken);
        return await links.RevokeAllAsync(id, by, cancellationToken);
    }

    private async Task<WorklistRow> RowAsync(WorkItem item, CancellationToken cancellationToken)
    {
        Registration? registration = null;
        if (RegistrationId.TryParse(item.RegistrationId, out var id))
        {
            try
            {
                registration = (await registrations.GetAsync(id, cancellationToken)).Value;
            }
            catch (NotFoundException)
            {
                // An item whose registration is gone still shows, without patient data.
            }
        }
        var name = registration?.Patient.Name;
        var payer = registration?.Coverage?.PayerName ?? registration?.TypedInsurance?.PayerName ?? registration?.Coverage?.PayerId ?? registration?.TypedInsurance?.PayerId;
        return new WorklistRow(
            item.Id,
            item.RegistrationId,
            item.Reason,
            item.Explanation,
            item.SuggestedAction,
            item.CreatedAt,
            Worklist.DeadlineOf(item.CreatedAt, registration?.Appointment.ScheduledAt),
            registration?.Stage ?? ClearanceStage.Received,
            name is null ? null : new WorklistPatient($"{name.Family}, {name.Given}{(name.Middle is null ? "" : " " + name.Middle)}", registration!.Patient.BirthDate),
            registration is null ? null : new WorklistVisit(registration.Appointment.ScheduledAt, registration.Appointment.TimeZone, registration.Appointment.FacilityId),
            payer);
    }

    /// <summary>One audit line per view: who, what, when; the entry names the kind of view, never the data shown.</summary>
    private Task AuditViewAsync(string registrationId, string viewer, string what, DateTimeOffset at, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry(
            RegistrationUpdater.AuditId(registrationId, $"{what} by {viewer} at {at:O}"), registrationId, viewer, what + " (console)", at), cancellationToken);
}

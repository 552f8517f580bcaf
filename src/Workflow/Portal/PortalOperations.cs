using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Portal;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Workflow.Portal;

/// <summary>The token opens nothing: forged, unknown, expired or revoked (the patient sees one "expired" page).</summary>
public sealed class PatientLinkInvalidException(PatientLinkRefusal why)
    : DomainException("This patient link has expired or is not valid.")
{
    public PatientLinkRefusal Why { get; } = why;
}

/// <summary>Where the patient's part stands, as the page words it.</summary>
public enum PortalState
{
    /// <summary>The patient should do <see cref="PortalView.Task"/>.</summary>
    ActionNeeded,
    /// <summary>Nothing to do now: we are reading the card or a specialist is checking.</summary>
    InReview,
    /// <summary>Insurance verified: nothing more before the visit.</summary>
    AllSet,
    /// <summary>The clearance ended without the patient (closed or cancelled): call the clinic.</summary>
    Closed,
}

/// <summary>How one photo the patient sent fared.</summary>
public enum PortalCardStatus
{
    /// <summary>Received; being read.</summary>
    Reading,
    /// <summary>We read the card.</summary>
    Read,
    /// <summary>Read, and someone on the team is checking a detail.</summary>
    Checking,
    /// <summary>Could not be used; <see cref="PortalCard.Reason"/> says why.</summary>
    Retake,
}

/// <summary>The latest photo of one side and its result. <paramref name="Reason"/> is the reader's code (e.g. NoTextFound, TooSmall).</summary>
public sealed record PortalCard(string Side, PortalCardStatus Status, string? Reason, DateTimeOffset At);

/// <summary>One way of reaching the patient: whether we have the address at all, and whether they want it.</summary>
public sealed record PortalChannel(bool Available, bool On);

/// <summary>How the patient is contacted.</summary>
public sealed record PortalContact(PortalChannel Sms, PortalChannel Email, string Language);

/// <summary>The visit, as the page shows it (formatted by the page in the visit's time zone and the patient's language).</summary>
public sealed record PortalVisit(DateTimeOffset At, string TimeZone, string Clinic);

/// <summary>Where one service's authorization stands, as the patient page words it (no codes, no clinical detail).</summary>
public enum PortalAuthorizationState
{
    /// <summary>No authorization is needed for this service.</summary>
    NotNeeded,
    /// <summary>Your insurance approved it (or one on file covers it).</summary>
    Approved,
    /// <summary>We asked your insurance and are waiting for its answer.</summary>
    Waiting,
    /// <summary>Our team is working on it; please call us.</summary>
    CallUs,
}

/// <summary>One service of the visit (numbered 1, 2... as on the appointment) and its authorization; the approval's dates when known.</summary>
public sealed record PortalAuthorization(int Service, PortalAuthorizationState State, DateOnly? ValidFrom = null, DateOnly? ValidTo = null)
{
    /// <summary>The patient's view of a line: approved lines (also those a specialist settled) and not-needed ones are in place; waiting ones wait; the rest need a call.</summary>
    public static PortalAuthorization From(AuthorizationLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var state = line.State switch
        {
            AuthorizationState.NotNeeded => PortalAuthorizationState.NotNeeded,
            AuthorizationState.Approved or AuthorizationState.Reused => PortalAuthorizationState.Approved,
            _ when line.SettledBy == AuthorizationSettledBy.Specialist => PortalAuthorizationState.Approved,
            AuthorizationState.Open or AuthorizationState.Submitted or AuthorizationState.Pended => PortalAuthorizationState.Waiting,
            _ => PortalAuthorizationState.CallUs,
        };
        var service = int.TryParse(line.LineKey, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
        return state == PortalAuthorizationState.Approved && line.SettledBy == AuthorizationSettledBy.Automation
            ? new PortalAuthorization(service, state, line.ApprovedFrom, line.ApprovedTo)
            : new PortalAuthorization(service, state);
    }
}

/// <summary>
/// What the patient page shows, and nothing more: the clinic, the visit, what is still needed, the card photos' results
/// and the contact choices. No name, date of birth, member id, phone or email (the channels say only whether we have
/// one). <see cref="Estimate"/>: the patient's cost estimate in plain words (amounts per service and the total, what is
/// missing, the Good Faith Estimate's id and deadline), null until estimated. <see cref="Authorization"/>: each
/// service's prior authorization in plain states (null before that phase).
/// </summary>
public sealed record PortalView(
    PortalVisit Visit,
    PortalState State,
    PatientTask? Task,
    bool AcceptsCards,
    IReadOnlyList<PortalCard> Cards,
    PortalContact Contact,
    string? HelpPhone,
    DateTimeOffset LinkExpiresAt,
    IReadOnlyList<PortalAuthorization>? Authorization = null,
    Estimates.EstimateView? Estimate = null);

/// <summary>A contact change from the portal: each null leaves that choice as it is.</summary>
public sealed record ContactChange(bool? Sms, bool? Email, string? Language);

/// <summary>
/// The patient page's operations, each scoped to the one registration the presented link opens: the view, an upload URL
/// for a card photo (the same create-only URL the API gives, for this registration only), and contact choices (consent
/// ledger with source PatientPortal, language on the registration). Nothing here takes a registration id from the
/// caller.
/// </summary>
public sealed class PortalOperations(
    PatientLinks links,
    IRegistrationStore registrations,
    RegistrationRecipientDirectory recipients,
    IConsentLedgerStore consents,
    CardIntakeOperations cards,
    RegistrationUpdater updater,
    IOptions<ReminderOptions> reminders,
    IOptions<InboundMessageOptions> inbound)
{
    private const int MaxLedgerAttempts = 5;

    /// <summary>The actor the audit names for the patient's own changes.</summary>
    public const string PatientActor = "patient-portal";

    /// <exception cref="PatientLinkInvalidException">The token opens nothing.</exception>
    public async Task<PortalView> GetViewAsync(string? token, CancellationToken cancellationToken)
    {
        var link = await OpenAsync(token, cancellationToken);
        var registration = (await registrations.GetAsync(link.RegistrationId, cancellationToken)).Value;
        var ledger = await recipients.LedgerAsync(registration, cancellationToken);
        var (state, task) = StateOf(registration);
        return new PortalView(
            new PortalVisit(registration.Appointment.ScheduledAt, registration.Appointment.TimeZone, reminders.Value.FacilityName),
            state,
            task,
            CardUploadPolicy.AcceptsCards(registration),
            CardsOf(registration),
            new PortalContact(
                new PortalChannel(registration.Patient.Phone is not null, ledger.Allows(NotificationChannel.Sms)),
                new PortalChannel(registration.Patient.Email is not null, ledger.Allows(NotificationChannel.Email)),
                registration.Patient.Language),
            string.IsNullOrWhiteSpace(inbound.Value.HelpPhone) ? null : inbound.Value.HelpPhone,
            link.ExpiresAt,
            registration.Authorizations.Count == 0 ? null : [.. registration.Authorizations.Select(PortalAuthorization.From)],
            Estimates.EstimateView.ForPatient(registration.Estimate));
    }

    /// <summary>A create-only upload URL for a card photo of the link's registration.</summary>
    /// <exception cref="PatientLinkInvalidException">The token opens nothing.</exception>
    /// <exception cref="ClearanceFinishedException">The clearance takes no more photos.</exception>
    public async Task<CardUploadTarget> CreateUploadUrlAsync(DurableTaskClient client, string? token, string? side, string? contentType, CancellationToken cancellationToken)
    {
        var link = await OpenAsync(token, cancellationToken);
        return await cards.CreateUploadUrlAsync(client, link.RegistrationId, side, contentType, cancellationToken);
    }

    /// <summary>Applies the patient's contact choices; answers the new view.</summary>
    /// <exception cref="PatientLinkInvalidException">The token opens nothing.</exception>
    /// <exception cref="ValidationException">An unknown language, or a channel turned on that we have no address for.</exception>
    public async Task<PortalView> ChangeContactAsync(string? token, ContactChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var link = await OpenAsync(token, cancellationToken);
        var registration = (await registrations.GetAsync(link.RegistrationId, cancellationToken)).Value;
        var errors = new List<ValidationError>();
        var language = change.Language?.Trim().ToLowerInvariant();
        if (change.Language is not null && !RegistrationForm.SupportedLanguages.Contains(language!)) errors.Add(new("language", "must be en or es"));
        if (change.Sms == true && registration.Patient.Phone is null) errors.Add(new("sms", "no phone number is on file; call the clinic to add one"));
        if (change.Email == true && registration.Patient.Email is null) errors.Add(new("email", "no email address is on file; call the clinic to add one"));
        if (errors.Count > 0) throw new ValidationException(errors);

        var now = updater.Now;
        if (language is not null)
        {
            await updater.UpdateAsync(registration.Id, r => r.ChangeLanguage(language, now), $"language changed to {language} by the patient", cancellationToken, PatientActor);
        }
        if (change.Sms is not null || change.Email is not null)
        {
            await ChangeConsentsAsync(registration, change, now, cancellationToken);
        }
        return await GetViewAsync(token, cancellationToken);
    }

    private async Task ChangeConsentsAsync(Registration registration, ContactChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await consents.FindAsync(registration.Id, cancellationToken);
            var ledger = stored?.Value ?? ConsentLedger.FromPreRegistration(registration.Consents.Sms, registration.Consents.Email, registration.Consents.GivenAt);
            var changed = ledger;
            foreach (var (channel, wanted) in new[] { (NotificationChannel.Sms, change.Sms), (NotificationChannel.Email, change.Email) })
            {
                if (wanted is not { } on || changed.Allows(channel) == on) continue;
                changed = on ? changed.Give(channel, now, ConsentSource.PatientPortal) : changed.Withdraw(channel, now, ConsentSource.PatientPortal);
            }
            if (ReferenceEquals(changed, ledger)) return;
            try
            {
                await consents.SaveAsync(registration.Id, changed, stored?.ETag, cancellationToken);
                var words = string.Join(", ", changed.Events.Skip(ledger.Events.Count).Select(e => $"{e.Channel} {(e.Given ? "on" : "off")}"));
                await updater.UpdateAsync(registration.Id, r => r.ResumeReminders(now) | true, $"contact changed by the patient: {words} at {now:O}", cancellationToken, PatientActor);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxLedgerAttempts)
            {
                // An inbound STOP or START changed the ledger first: read it again and re-apply.
            }
        }
    }

    private Task<PatientLink> OpenAsync(string? token, CancellationToken cancellationToken) => links.OpenAsync(token, cancellationToken);

    /// <summary>Where the patient's part stands (pure).</summary>
    public static (PortalState State, PatientTask? Task) StateOf(Registration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return registration.Stage switch
        {
            ClearanceStage.EligibilityVerified or ClearanceStage.Authorized or ClearanceStage.Cleared => (PortalState.AllSet, null),
            ClearanceStage.Cancelled => (PortalState.Closed, null),
            ClearanceStage.Incomplete when registration.OpenWorkItemId is null => (PortalState.Closed, null),
            _ when registration.FollowUp is { GaveUpAt: null } followUp => (PortalState.ActionNeeded, followUp.Task),
            ClearanceStage.Received or ClearanceStage.AwaitingCard => (PortalState.ActionNeeded, PatientTask.UploadCard),
            _ => (PortalState.InReview, null),
        };
    }

    /// <summary>The latest photo per side with its result (pure).</summary>
    public static IReadOnlyList<PortalCard> CardsOf(Registration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var all = registration.CardImages.Select(image =>
            {
                var read = registration.CardReads.FirstOrDefault(r => r.BlobName == image.BlobName);
                var status = read?.Status switch
                {
                    null => PortalCardStatus.Reading,
                    CardReadStatus.Read => PortalCardStatus.Read,
                    CardReadStatus.NeedsReview => PortalCardStatus.Checking,
                    _ => PortalCardStatus.Retake,
                };
                return new PortalCard(image.Side, status, status == PortalCardStatus.Retake ? read?.ReasonCode : null, read?.ReadAt ?? image.ReceivedAt);
            })
            .Concat(registration.RefusedCards.Select(r => new PortalCard(r.Side, PortalCardStatus.Retake, r.ReasonCode, r.At)));
        return all.GroupBy(c => c.Side).Select(g => g.MaxBy(c => c.At)!).OrderBy(c => c.Side == "front" ? 0 : 1).ToList();
    }
}

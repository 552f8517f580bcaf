using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Workflow.Cards;

/// <summary>Where the patient's phone uploads one card photo.</summary>
public sealed record CardUploadTarget(Uri UploadUrl, string BlobName, DateTimeOffset ExpiresAt);

/// <summary>What the intake did with one uploaded blob.</summary>
public enum CardIntakeResult
{
    Accepted,
    AlreadyProcessed,
    Quarantined,
}

/// <summary>
/// Card intake as application operations, shared by the Functions blob trigger and the LocalHost watcher: hand out
/// create-only upload URLs for registrations that still take a card, then check each upload (magic bytes, size, pixel
/// dimensions, decoded size), quarantine bad ones, re-encode good ones into our own copy, record them on the
/// registration (the server-side "processed" record: blob name and the ETag read) and tell the clearance. Nothing the
/// uploader can set (metadata, tags, content type) is read.
/// </summary>
public sealed partial class CardIntakeOperations(
    ICardImageStore images,
    ICardImageSanitizer sanitizer,
    IRegistrationStore registrations,
    RegistrationUpdater updater,
    IOptions<ReminderOptions> reminders,
    ILogger<CardIntakeOperations> logger)
{
    public static readonly TimeSpan UploadUrlLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Quarantine reason: the name is not one the server hands out.</summary>
    public const string UnexpectedName = "unexpected-name";

    /// <summary>Quarantine reason: no registration has the id in the name.</summary>
    public const string UnknownRegistration = "unknown-registration";

    /// <summary>Quarantine reason: a second PUT to a name whose first upload was already taken; the first image is kept.</summary>
    public const string DuplicateUpload = "duplicate-upload";

    /// <summary>Quarantine reason: the upload arrived after the clearance finished.</summary>
    public const string ClearanceFinished = "clearance-finished";

    /// <summary>What the upload URL may be asked for: JPEG or PNG, the formats we re-encode.</summary>
    public static IReadOnlyDictionary<string, string> ContentTypes { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["image/jpeg"] = "jpg", ["image/png"] = "png",
    };

    /// <exception cref="ValidationException">Unknown side or content type.</exception>
    /// <exception cref="NotFoundException">Unknown registration.</exception>
    /// <exception cref="ClearanceFinishedException">The clearance is finished (by its stage, or its orchestration ended).</exception>
    public async Task<CardUploadTarget> CreateUploadUrlAsync(DurableTaskClient client, RegistrationId id, string? side, string? contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var errors = new List<ValidationError>();
        side = side?.Trim().ToLowerInvariant();
        if (side is not ("front" or "back")) errors.Add(new("side", "must be front or back"));
        if (contentType is null || !ContentTypes.TryGetValue(contentType.Trim(), out var extension))
        {
            errors.Add(new("contentType", $"must be one of {string.Join(", ", ContentTypes.Keys)}"));
            extension = null;
        }
        if (errors.Count > 0) throw new ValidationException(errors);

        var registration = (await registrations.GetAsync(id, cancellationToken)).Value; // 404 for an unknown registration
        if (await FinishedStateAsync(client, registration, cancellationToken) is { } finished)
        {
            throw new ClearanceFinishedException(id, finished);
        }
        // The server picks the name: the registration, the side and a fresh GUID, so no two URLs share a blob.
        var blobName = $"{id.Value}/{side}-{Guid.NewGuid():N}.{extension}";
        var url = await images.CreateUploadUrlAsync(blobName, UploadUrlLifetime, cancellationToken);
        return new CardUploadTarget(url, blobName, updater.Now.Add(UploadUrlLifetime));
    }

    /// <summary>
    /// Checks, re-encodes and records one upload, then removes it from the inbox. A redelivered event, or a crash
    /// anywhere in between, repeats only idempotent steps; a second upload under a name already taken is quarantined.
    /// </summary>
    public async Task<CardIntakeResult> HandleUploadedAsync(DurableTaskClient client, string blobName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var match = BlobNamePattern().Match(blobName);
        if (!match.Success || !RegistrationId.TryParse(match.Groups["id"].Value, out var id))
        {
            return await QuarantineAsync(blobName, "(unknown)", UnexpectedName, cancellationToken);
        }
        CardUpload upload;
        try
        {
            upload = await images.ReadUploadAsync(blobName, CardImageLimits.Default.MaxBytes, cancellationToken);
        }
        catch (NotFoundException)
        {
            // Redelivered for an upload that is gone (handled and removed, or quarantined, by an earlier delivery).
            return CardIntakeResult.AlreadyProcessed;
        }
        Registration registration;
        try
        {
            registration = (await registrations.GetAsync(id, cancellationToken)).Value;
        }
        catch (NotFoundException)
        {
            return await QuarantineAsync(blobName, id.Value, UnknownRegistration, cancellationToken);
        }

        var side = match.Groups["side"].Value;
        if (registration.CardImages.FirstOrDefault(i => i.BlobName == blobName) is { } taken)
        {
            if (taken.UploadETag is not null && taken.UploadETag != upload.ETag)
            {
                // A second PUT through the same URL (Azure refuses it with a create-only SAS; Azurite does not): the
                // image already read stays, this one goes to quarantine unread.
                return await QuarantineAsync(blobName, id.Value, DuplicateUpload, cancellationToken);
            }
            // This very upload was recorded before a crash or a redelivery: finish the remaining (idempotent) steps.
            await client.RaiseEventAsync(id.ClearanceInstanceId, ClearanceEvents.CardUploaded, new CardUploadedEvent(blobName, side), cancellationToken);
            await images.DeleteUploadAsync(blobName, upload.ETag, cancellationToken);
            return CardIntakeResult.AlreadyProcessed;
        }
        if (await FinishedStateAsync(client, registration, cancellationToken) is not null)
        {
            return await QuarantineAsync(blobName, id.Value, ClearanceFinished, cancellationToken);
        }

        SanitizedCardImage clean;
        try
        {
            clean = upload.Content is null
                ? throw new CardUnreadableException(SanitizerName, CardRejectionCode.TooLarge, "The file is larger than 10 MB.")
                : sanitizer.Sanitize(upload.Content);
        }
        catch (CardUnreadableException refused)
        {
            await QuarantineAsync(blobName, id.Value, refused.Code.ToString(), cancellationToken);
            // The patient's next reminder becomes "please upload again", due soon (the sweep sends it, within the
            // contact rules); the audit line records the refusal either way.
            var cadence = reminders.Value.Cadence;
            // The refusal is recorded on the registration too, so the patient's page can say why ("too small").
            var refusal = new RefusedCardRecord(blobName, side, refused.Code.ToString(), updater.Now);
            await updater.UpdateAsync(id,
                r => r.AskForRetake(cadence.FirstReminder(PatientTask.RetakeCard, updater.Now, r.Appointment.ScheduledAt), updater.Now) | r.RecordRefusedCard(refusal, updater.Now) | true,
                $"card image {blobName} quarantined: {refused.Code}", cancellationToken, actor: "card-intake");
            return CardIntakeResult.Quarantined;
        }

        // Our copy first (rewritten identically on a retry), then the record, then the event: a crash at any point
        // leaves the upload in the inbox and the next delivery finishes the job.
        await images.StoreAcceptedAsync(blobName, clean.Content, clean.ContentType, cancellationToken);
        var record = new CardImageRecord(blobName, side, clean.Format.ToString(), clean.Width, clean.Height, updater.Now, upload.ETag);
        await updater.UpdateAsync(id, r => r.AddCardImage(record, updater.Now), $"card image {blobName} accepted", cancellationToken, actor: "card-intake");
        await client.RaiseEventAsync(id.ClearanceInstanceId, ClearanceEvents.CardUploaded, new CardUploadedEvent(blobName, side), cancellationToken);
        await images.DeleteUploadAsync(blobName, upload.ETag, cancellationToken);
        CardLog.Accepted(logger, id.Value, side, clean.Format.ToString());
        return CardIntakeResult.Accepted;
    }

    private const string SanitizerName = "Card intake";

    /// <summary>
    /// Null while the clearance takes a card; else what ended it: the registration's stage, or the orchestration's
    /// status when it ended otherwise (an ended orchestration drops a CardUploaded event: the photo would be ignored).
    /// </summary>
    private static async Task<string?> FinishedStateAsync(DurableTaskClient client, Registration registration, CancellationToken cancellationToken)
    {
        if (!CardUploadPolicy.AcceptsCards(registration)) return registration.Stage.ToString();
        var instance = await client.GetInstanceAsync(registration.Id.ClearanceInstanceId, getInputsAndOutputs: false, cancellationToken);
        return instance is { RuntimeStatus: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated }
            ? instance.RuntimeStatus.ToString()
            : null;
    }

    private async Task<CardIntakeResult> QuarantineAsync(string blobName, string registrationId, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await images.QuarantineAsync(blobName, reason, cancellationToken);
        }
        catch (NotFoundException)
        {
            return CardIntakeResult.AlreadyProcessed; // redelivered: moved before
        }
        CardLog.Quarantined(logger, registrationId, reason);
        return CardIntakeResult.Quarantined;
    }

    [GeneratedRegex("^(?<id>[0-9a-f]{32})/(?<side>front|back)-[0-9a-f]{32}\\.(jpg|png)$")]
    private static partial Regex BlobNamePattern();
}

internal static partial class CardLog
{
    [LoggerMessage(1101, LogLevel.Information, "Registration {RegistrationId}: card image ({Side}, {Format}) accepted")]
    public static partial void Accepted(ILogger logger, string registrationId, string side, string format);

    [LoggerMessage(1102, LogLevel.Warning, "Registration {RegistrationId}: card image quarantined ({Reason})")]
    public static partial void Quarantined(ILogger logger, string registrationId, string reason);

    [LoggerMessage(1103, LogLevel.Information, "Registration {RegistrationId}: card read outcome {Outcome}")]
    public static partial void Read(ILogger logger, string registrationId, CardReadOutcome outcome);
}

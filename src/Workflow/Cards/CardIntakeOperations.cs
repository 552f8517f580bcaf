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
/// Card intake as application operations, shared by the Functions blob trigger and the LocalHost watcher:
/// hand out upload URLs, then check each uploaded file (magic bytes, size, pixel dimensions, bombs), quarantine
/// bad ones, strip metadata from good ones, record them and tell the clearance.
/// </summary>
public sealed partial class CardIntakeOperations(
    ICardImageStore images,
    IRegistrationStore registrations,
    RegistrationUpdater updater,
    IOptions<ReminderOptions> reminders,
    ILogger<CardIntakeOperations> logger)
{
    public static readonly TimeSpan UploadUrlLifetime = TimeSpan.FromMinutes(15);

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/jpeg"] = "jpg", ["image/png"] = "png", ["image/heic"] = "heic", ["image/heif"] = "heif",
        ["image/tiff"] = "tif", ["application/pdf"] = "pdf",
    };

    /// <exception cref="ValidationException">Unknown side or content type.</exception>
    /// <exception cref="NotFoundException">Unknown registration.</exception>
    public async Task<CardUploadTarget> CreateUploadUrlAsync(RegistrationId id, string? side, string? contentType, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        side = side?.Trim().ToLowerInvariant();
        if (side is not ("front" or "back")) errors.Add(new("side", "must be front or back"));
        if (contentType is null || !Extensions.TryGetValue(contentType.Trim(), out var extension))
        {
            errors.Add(new("contentType", $"must be one of {string.Join(", ", Extensions.Keys)}"));
            extension = null;
        }
        if (errors.Count > 0) throw new ValidationException(errors);

        await registrations.GetAsync(id, cancellationToken); // 404 for an unknown registration
        var blobName = $"{id.Value}/{side}-{Guid.NewGuid():N}.{extension}";
        var url = await images.CreateUploadUrlAsync(blobName, UploadUrlLifetime, cancellationToken);
        return new CardUploadTarget(url, blobName, updater.Now.Add(UploadUrlLifetime));
    }

    /// <summary>Checks and records one uploaded blob; a redelivered event for a processed blob changes nothing.</summary>
    public async Task<CardIntakeResult> HandleUploadedAsync(DurableTaskClient client, string blobName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var match = BlobNamePattern().Match(blobName);
        if (!match.Success || !RegistrationId.TryParse(match.Groups["id"].Value, out var id))
        {
            try
            {
                await images.QuarantineAsync(blobName, "unexpected-name", cancellationToken);
            }
            catch (NotFoundException)
            {
                return CardIntakeResult.AlreadyProcessed; // redelivered: quarantined before
            }
            CardLog.Quarantined(logger, "(unknown)", "unexpected-name");
            return CardIntakeResult.Quarantined;
        }
        try
        {
            if (await images.IsProcessedAsync(blobName, cancellationToken))
            {
                return CardIntakeResult.AlreadyProcessed;
            }
        }
        catch (NotFoundException)
        {
            // Redelivered for a blob that is gone (quarantined by an earlier delivery, or deleted): nothing to do.
            return CardIntakeResult.AlreadyProcessed;
        }

        var content = await images.ReadAsync(blobName, CardImageLimits.Default.MaxBytes, cancellationToken);
        var inspection = content is null
            ? new CardImageInspection.Rejected(CardRejectionCode.TooLarge, "The file is larger than 10 MB.")
            : CardImageInspector.Inspect(content);
        if (inspection is CardImageInspection.Rejected rejected)
        {
            await images.QuarantineAsync(blobName, rejected.Code.ToString(), cancellationToken);
            try
            {
                // The patient's next reminder becomes "please upload again", due soon (the sweep sends it, within
                // the contact rules); the audit line records the refusal either way.
                var cadence = reminders.Value.Cadence;
                await updater.UpdateAsync(id,
                    r => r.AskForRetake(cadence.FirstReminder(PatientTask.RetakeCard, updater.Now, r.Appointment.ScheduledAt), updater.Now) | true,
                    $"card image {blobName} quarantined: {rejected.Code}", cancellationToken, actor: "card-intake");
            }
            catch (NotFoundException)
            {
                // A bad file under an id no registration has: quarantined all the same, nothing to audit against.
            }
            CardLog.Quarantined(logger, id.Value, rejected.Code.ToString());
            return CardIntakeResult.Quarantined;
        }

        var accepted = (CardImageInspection.Accepted)inspection;
        var side = match.Groups["side"].Value;
        var record = new CardImageRecord(blobName, side, accepted.Format.ToString(), accepted.Width, accepted.Height, updater.Now);
        try
        {
            await updater.UpdateAsync(id, r => r.AddCardImage(record, updater.Now), $"card image {blobName} accepted", cancellationToken, actor: "card-intake");
        }
        catch (NotFoundException)
        {
            await images.QuarantineAsync(blobName, "unknown-registration", cancellationToken);
            return CardIntakeResult.Quarantined;
        }
        await client.RaiseEventAsync(id.ClearanceInstanceId, ClearanceEvents.CardUploaded, new CardUploadedEvent(blobName, side), cancellationToken);
        // Last: the stripped copy replaces the upload and marks it processed, so a crash before this point
        // repeats the (idempotent) steps above on redelivery instead of losing the event.
        await images.ReplaceProcessedAsync(blobName, CardImageMetadata.Strip(content!), accepted.ContentType, cancellationToken);
        CardLog.Accepted(logger, id.Value, side, accepted.Format.ToString());
        return CardIntakeResult.Accepted;
    }

    [GeneratedRegex("^(?<id>[0-9a-f]{32})/(?<side>front|back)-[0-9a-f]{32}\\.(jpg|png|heic|heif|tif|pdf)$")]
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

using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow.Cards;

/// <summary>Input of <see cref="ReadCardActivity"/>: ids only.</summary>
public sealed record ReadCardRequest(string RegistrationId, string BlobName);

public enum CardReadOutcome
{
    /// <summary>The coverage to check is settled and on the registration.</summary>
    Settled,
    /// <summary>Low confidence or disagreement with what the patient typed: a person compares.</summary>
    NeedsReview,
    /// <summary>The photo cannot be read; a new one is needed.</summary>
    Unreadable,
}

/// <summary>Output of <see cref="ReadCardActivity"/>: the outcome and plain words without PHI values.</summary>
public sealed record ReadCardResult(CardReadOutcome Outcome, string Explanation);

/// <summary>
/// Reads the card photo (Document Intelligence or Tesseract), reconciles it with what the patient typed and
/// settles the coverage to check. The card itself (PHI) stays in this activity; only the outcome leaves it.
/// </summary>
[DurableTask(nameof(ReadCardActivity))]
public sealed class ReadCardActivity(
    ICardImageStore images,
    ICardReader reader,
    IRegistrationStore registrations,
    RegistrationUpdater updater,
    ILogger<ReadCardActivity> logger) : TaskActivity<ReadCardRequest, ReadCardResult>
{
    public override async Task<ReadCardResult> RunAsync(TaskActivityContext context, ReadCardRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = RegistrationId.Parse(input.RegistrationId);
        var registration = (await registrations.GetAsync(id, CancellationToken.None)).Value;
        // Our re-encoded copy, never the upload itself: nothing the uploader wrote after intake reaches the reader.
        var content = await images.ReadAcceptedAsync(input.BlobName, CardImageLimits.Default.MaxBytes, CancellationToken.None)
            ?? throw new InvalidOperationException($"Card image {input.BlobName} is larger than intake accepts.");
        var contentType = CardImageInspector.Inspect(content) is CardImageInspection.Accepted accepted ? accepted.ContentType : "application/octet-stream";

        InsuranceCard card;
        try
        {
            card = await reader.ReadAsync(content, contentType, CancellationToken.None);
        }
        catch (CardUnreadableException e)
        {
            CardLog.Read(logger, input.RegistrationId, CardReadOutcome.Unreadable);
            return new ReadCardResult(CardReadOutcome.Unreadable, $"The card photo could not be read ({e.Code}).");
        }

        var typed = registration.TypedInsurance ?? new TypedInsurance(null, null, null, null);
        var result = CardReconciler.Reconcile(card, typed) switch
        {
            CardReconciliation.Settled settled => await SettleAsync(id, settled.Coverage.ToCoverageToCheck()),
            CardReconciliation.NeedsReview review => new ReadCardResult(CardReadOutcome.NeedsReview,
                string.Join(" ", review.Findings.Select(f => $"{f.Field}: {f.Reason}"))),
            _ => throw new InvalidOperationException("Unknown reconciliation outcome."),
        };
        CardLog.Read(logger, input.RegistrationId, result.Outcome);
        return result;
    }

    private async Task<ReadCardResult> SettleAsync(RegistrationId id, CoverageToCheck coverage)
    {
        await updater.UpdateAsync(id, r => r.SettleCoverage(coverage, updater.Now), $"coverage settled from the card ({coverage.Source})", CancellationToken.None);
        return new ReadCardResult(CardReadOutcome.Settled, $"Coverage settled from the {coverage.Source.ToString().ToLowerInvariant()} data.");
    }
}

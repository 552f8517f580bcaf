using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow.Cards;

/// <summary>Input of <see cref="ReadCardActivity"/>: ids only. <paramref name="Step"/> names the read (its step key with the instance id).</summary>
public sealed record ReadCardRequest(string RegistrationId, string BlobName, string? Step = null);

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
/// Idempotent by its step key: the outcome is recorded on the registration with the settled coverage (one write), and
/// a repeated run returns it without reading again, so a late duplicate never settles an older card over a newer one.
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
        ArgumentNullException.ThrowIfNull(context);
        var id = RegistrationId.Parse(input.RegistrationId);
        var registration = (await registrations.GetAsync(id, CancellationToken.None)).Value;
        var key = input.Step is null ? null : StepOutput.Key(context.InstanceId, input.Step);
        if (key is not null && registration.CompletedStepOutput(key) is { } recorded)
        {
            Log.StepRepeated(logger, input.RegistrationId, key);
            return StepOutput.Read<ReadCardResult>(recorded);
        }

        // Our re-encoded copy, never the upload itself: nothing the uploader wrote after intake reaches the reader.
        var content = await images.ReadAcceptedAsync(input.BlobName, CardImageLimits.Default.MaxBytes, CancellationToken.None)
            ?? throw new InvalidOperationException($"Card image {input.BlobName} is larger than intake accepts.");
        var contentType = CardImageInspector.Inspect(content) is CardImageInspection.Accepted accepted ? accepted.ContentType : "application/octet-stream";

        ReadCardResult result;
        CoverageToCheck? coverage = null;
        try
        {
            var card = await reader.ReadAsync(content, contentType, CancellationToken.None);
            var typed = registration.TypedInsurance ?? new TypedInsurance(null, null, null, null);
            switch (CardReconciler.Reconcile(card, typed, patient: registration.Patient.Name))
            {
                case CardReconciliation.Settled settled:
                    coverage = settled.Coverage.ToCoverageToCheck();
                    result = new ReadCardResult(CardReadOutcome.Settled, $"Coverage settled from the {coverage.Source.ToString().ToLowerInvariant()} data.");
                    break;
                case CardReconciliation.NeedsReview review:
                    result = new ReadCardResult(CardReadOutcome.NeedsReview, string.Join(" ", review.Findings.Select(f => $"{f.Field}: {f.Reason}")));
                    break;
                default:
                    throw new InvalidOperationException("Unknown reconciliation outcome.");
            }
        }
        catch (CardUnreadableException e)
        {
            result = new ReadCardResult(CardReadOutcome.Unreadable, $"The card photo could not be read ({e.Code}).");
        }

        result = await RecordAsync(id, key, result, coverage);
        CardLog.Read(logger, input.RegistrationId, result.Outcome);
        return result;
    }

    /// <summary>The outcome under the step key and the settled coverage, in one write; the outcome on file when a duplicate run recorded first.</summary>
    private async Task<ReadCardResult> RecordAsync(RegistrationId id, string? key, ReadCardResult result, CoverageToCheck? coverage)
    {
        var audit = coverage is null ? $"card read: {result.Outcome}" : $"coverage settled from the card ({coverage.Source})";
        if (key is null)
        {
            if (coverage is not null) await updater.UpdateAsync(id, r => r.SettleCoverage(coverage, updater.Now), audit, CancellationToken.None);
            return result;
        }
        var recorded = await updater.CompleteStepAsync(id, key, StepOutput.Write(result),
            r => { if (coverage is not null) r.SettleCoverage(coverage, updater.Now); }, $"{audit} (step {key})", CancellationToken.None);
        return StepOutput.Read<ReadCardResult>(recorded);
    }
}

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
/// Idempotent by its step key: the outcome is recorded on the registration with what was read (fields with confidence,
/// findings; one record per photo) and the settled coverage, in one write, and a repeated run returns it without
/// reading again, so a late duplicate never settles an older card over a newer one.
/// </summary>
[DurableTask(nameof(ReadCardActivity))]
public sealed class ReadCardActivity(
    ICardImageStore images,
    ICardReader reader,
    IRegistrationStore registrations,
    RegistrationUpdater updater,
    ILogger<ReadCardActivity> logger) : TaskActivity<ReadCardRequest, StepAnswer>
{
    public override async Task<StepAnswer> RunAsync(TaskActivityContext context, ReadCardRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return StepAnswer.For(input.Step ?? string.Empty, await ReadAsync(context, input));
    }

    private async Task<ReadCardResult> ReadAsync(TaskActivityContext context, ReadCardRequest input)
    {
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
        CardReadRecord read;
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
                    read = new CardReadRecord(input.BlobName, CardReadStatus.Read, null, KeyFields(card), [], updater.Now);
                    break;
                case CardReconciliation.NeedsReview review:
                    result = new ReadCardResult(CardReadOutcome.NeedsReview, string.Join(" ", review.Findings.Select(f => $"{f.Field}: {f.Reason}")));
                    read = new CardReadRecord(input.BlobName, CardReadStatus.NeedsReview, null, KeyFields(card),
                        review.Findings.Select(f => new CardFinding(f.Field, f.Reason)).ToList(), updater.Now);
                    break;
                default:
                    throw new InvalidOperationException("Unknown reconciliation outcome.");
            }
        }
        catch (CardUnreadableException e)
        {
            result = new ReadCardResult(CardReadOutcome.Unreadable, $"The card photo could not be read ({e.Code}).");
            read = new CardReadRecord(input.BlobName, CardReadStatus.Unreadable, e.Code.ToString(), [], [], updater.Now);
        }

        result = await RecordAsync(id, key, result, read, coverage);
        CardLog.Read(logger, input.RegistrationId, result.Outcome);
        return result;
    }

    /// <summary>
    /// The outcome under the step key, what was read (with confidence, for the console and the patient's page) and the
    /// settled coverage, in one write; the outcome on file when a duplicate run recorded first. The read is kept per
    /// photo, so the same photo read again replaces its record rather than adding one.
    /// </summary>
    private async Task<ReadCardResult> RecordAsync(RegistrationId id, string? key, ReadCardResult result, CardReadRecord read, CoverageToCheck? coverage)
    {
        var audit = coverage is null
            ? $"card image {read.BlobName} read: {read.Status}{(read.ReasonCode is null ? "" : $" ({read.ReasonCode})")}"
            : $"card image {read.BlobName} read; coverage settled from the card ({coverage.Source})";
        if (key is null)
        {
            await updater.UpdateAsync(id, r =>
            {
                var changed = r.RecordCardRead(read, updater.Now);
                return (coverage is not null && r.SettleCoverage(coverage, updater.Now)) || changed;
            }, audit, CancellationToken.None);
            return result;
        }
        var recorded = await updater.CompleteStepAsync(id, key, StepOutput.Write(result), r =>
        {
            r.RecordCardRead(read, updater.Now);
            if (coverage is not null) r.SettleCoverage(coverage, updater.Now);
        }, $"{audit} (step {key})", CancellationToken.None);
        return StepOutput.Read<ReadCardResult>(recorded);
    }

    /// <summary>The fields a specialist compares with the registration, by the reconciler's names.</summary>
    public static IReadOnlyList<CardFieldRead> KeyFields(InsuranceCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var fields = new List<CardFieldRead>();
        void Add<T>(string name, CardField<T>? field, Func<T, string> text)
        {
            if (field is not null) fields.Add(new CardFieldRead(name, text(field.Value), Math.Round(field.Confidence, 3), field.Engine.ToString()));
        }
        Add(CardReconciler.PayerField, card.Insurer ?? card.Plan?.Name, v => v);
        Add("payerId", card.Payer?.Id, v => v);
        Add(CardReconciler.MemberIdField, card.MemberId, v => v);
        Add(CardReconciler.GroupNumberField, card.GroupNumber, v => v);
        Add("memberName", card.Member?.Name, v => v);
        Add("birthDate", card.Member?.BirthDate, v => v.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add("planType", card.Plan?.Type, v => v);
        return fields;
    }
}

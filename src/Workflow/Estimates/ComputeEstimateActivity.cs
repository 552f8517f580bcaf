using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow.Estimates;

/// <summary>
/// Estimates what the patient will owe for one registration and keeps it on the registration: loads the registration
/// (PHI stays here), the typed 271 benefits from its eligibility snapshot (or, for registrations checked before those
/// were kept, from the stored 271), the hospital's standard charges; computes the estimate (and for a self-pay patient
/// the Good Faith Estimate with its deadline); records it once per step key. A retried or replayed step finds its
/// estimate on the registration and returns the same result without computing again. Returns ids, the outcome and
/// amount-free flags, in a <see cref="StepAnswer"/> naming the step (<see cref="Clearance.ClearanceSteps"/> discards a
/// stray answer). Failures propagate (a transient storage failure is retried; an invalid price file is not).
/// </summary>
[DurableTask(nameof(ComputeEstimateActivity))]
public sealed class ComputeEstimateActivity(
    IRegistrationStore registrations,
    IPriceListSource prices,
    IEligibilityBenefitsReader benefitsReader,
    RegistrationUpdater updater,
    IOptions<EstimateSettings> settings,
    ILogger<ComputeEstimateActivity> logger)
    : TaskActivity<EstimateActivityInput, StepAnswer>
{
    public override async Task<StepAnswer> RunAsync(TaskActivityContext context, EstimateActivityInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(input.Step);
        return StepAnswer.For(input.Step, await EstimateAsync(input));
    }

    /// <summary>Computes and records the estimate of <paramref name="input"/>'s step once; the recorded one when it is on file.</summary>
    public async Task<EstimateActivityResult> EstimateAsync(EstimateActivityInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(input.StepKey);
        var id = RegistrationId.Parse(input.RegistrationId);
        var registration = (await registrations.GetAsync(id, CancellationToken.None)).Value;
        if (registration.Estimate is { } stored && stored.StepKey == input.StepKey)
        {
            EstimateLog.AlreadyRecorded(logger, input.RegistrationId, input.StepKey, stored.EstimateId);
            return Result(input, stored, alreadyRecorded: true);
        }

        var record = await ComputeAsync(id, registration, input.StepKey);
        var recorded = await updater.UpdateAsync(
            id,
            r => r.RecordEstimate(record, updater.Now),
            auditAction: $"estimate {record.EstimateId} computed ({input.StepKey}): {Outcome(record)}, {record.Estimate.Lines.Count} line(s)",
            CancellationToken.None);
        if (!recorded)
        {
            // Another attempt of this step recorded its estimate between our read and our write: that one stands.
            var current = (await registrations.GetAsync(id, CancellationToken.None)).Value.Estimate!;
            return Result(input, current, alreadyRecorded: true);
        }
        EstimateLog.Computed(logger, input.RegistrationId, record.EstimateId, input.StepKey, Outcome(record), record.Estimate.Lines.Count);
        return Result(input, record, alreadyRecorded: false);
    }

    private async Task<EstimateRecord> ComputeAsync(RegistrationId id, Registration registration, string stepKey)
    {
        var o = settings.Value;
        var selfPay = RegistrationEstimates.IsSelfPay(registration);
        var benefits = selfPay ? null : registration.Eligibility?.BenefitDetail;
        if (!selfPay && benefits is null && registration.Eligibility?.ResponseBlobName is { } blob)
        {
            benefits = await benefitsReader.ReadAsync(blob, CancellationToken.None);
        }
        var priceList = await prices.GetAsync(CancellationToken.None);
        var request = RegistrationEstimates.Request(registration, benefits, priceList, new EstimateOptions(o.CopayWaivesDeductible));
        var estimate = PatientEstimator.Estimate(request);
        var now = updater.Now;
        var estimateId = RegistrationEstimates.EstimateId(id, stepKey);
        GoodFaithEstimate? gfe = null;
        if (estimate.Kind == EstimateKind.SelfPay)
        {
            var issuedOn = RegistrationEstimates.LocalDate(now, registration.Appointment.TimeZone);
            gfe = GoodFaithEstimates.Build(
                GoodFaithEstimates.IdFor(issuedOn, estimateId[4..]),
                estimate,
                RegistrationEstimates.Subject(registration, estimate),
                o.Facility.Profile(),
                issuedOn,
                o.Calendar(issuedOn.Year),
                out _);
        }
        return new EstimateRecord(stepKey, estimateId, now, estimate, gfe);
    }

    private static EstimateOutcome Outcome(EstimateRecord record) =>
        record.Estimate.Status != EstimateStatus.Complete ? EstimateOutcome.NotEnoughInformation
        : record.Estimate.Kind == EstimateKind.SelfPay ? EstimateOutcome.GoodFaithEstimate
        : EstimateOutcome.Estimated;

    private EstimateActivityResult Result(EstimateActivityInput input, EstimateRecord record, bool alreadyRecorded) => new(
        input.RegistrationId,
        input.StepKey,
        record.EstimateId,
        Outcome(record),
        record.Estimate.Kind == EstimateKind.SelfPay,
        record.Estimate.Total is { } total && total >= settings.Value.CounselingThreshold,
        record.Estimate.Lines.Any(l => l.Basis is AllowedBasis.DeidentifiedMaximum || (l.Basis is AllowedBasis.GrossCharge && record.Estimate.Kind != EstimateKind.SelfPay && l.Network == NetworkTier.InNetwork)),
        alreadyRecorded);
}

using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Forms;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow.Forms;

/// <summary>Input of <see cref="CheckFormsActivity"/>: ids and the step name only.</summary>
public sealed record FormsCheck(string RegistrationId, string Step);

/// <summary>
/// Which required forms are not signed (kinds only: no names, no answers), and how long until the day before the
/// visit, when a still-missing form becomes a work item (zero when that moment has passed). Relative on purpose: the
/// orchestration's history keeps no visit date. <paramref name="MspOtherPayerFirst"/>: the Medicare Secondary Payer
/// answers on file make another payer primary (or need a specialist's look), which registration staff must act on.
/// </summary>
public sealed record FormsStatus(IReadOnlyList<FormKind> Missing, TimeSpan WorkItemIn, bool MspOtherPayerFirst);

/// <summary>
/// Reads the registration and answers which of the forms its visit needs (<see cref="FormRequirements"/>, per facility
/// and visit type; the MSP questionnaire for Medicare coverage) are missing: never signed, or withdrawn. Reads only,
/// so it is idempotent by nature.
/// </summary>
[DurableTask(nameof(CheckFormsActivity))]
public sealed class CheckFormsActivity(IRegistrationStore registrations, FormRequirements requirements, TimeProvider time, ILogger<CheckFormsActivity> logger)
    : TaskActivity<FormsCheck, StepAnswer>
{
    /// <summary>How long before the visit a missing form goes to a specialist.</summary>
    public static readonly TimeSpan WorkItemLead = TimeSpan.FromDays(1);

    public override async Task<StepAnswer> RunAsync(TaskActivityContext context, FormsCheck input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var registration = (await registrations.GetAsync(RegistrationId.Parse(input.RegistrationId), CancellationToken.None)).Value;
        var status = StatusOf(registration, requirements, time.GetUtcNow());
        FormsLog.FormsChecked(logger, input.RegistrationId, input.Step, status.Missing.Count);
        return StepAnswer.For(input.Step, status);
    }

    /// <summary>The registration's forms status at <paramref name="now"/> (pure).</summary>
    public static FormsStatus StatusOf(Registration registration, FormRequirements requirements, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(requirements);
        var required = requirements.RequiredFor(registration.Appointment, registration.Coverage);
        var due = registration.Appointment.ScheduledAt - WorkItemLead - now;
        var msp = registration.Forms.Msp is { } record && required.Contains(FormKind.MedicareSecondaryPayer)
            && (record.MedicareIsSecondary || record.Decision.NeedsReview);
        return new FormsStatus(registration.Forms.Missing(required), due > TimeSpan.Zero ? due : TimeSpan.Zero, msp);
    }
}

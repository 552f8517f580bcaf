using System.ComponentModel.DataAnnotations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow.Eligibility;

/// <summary>Settings of the eligibility re-check schedule (section "EligibilityRecheck").</summary>
public sealed class EligibilityRecheckOptions
{
    public const string Section = "EligibilityRecheck";

    /// <summary>NCRONTAB schedule of the Functions timer (%EligibilityRecheck:Schedule%). Default hourly.</summary>
    [Required]
    public string Schedule { get; set; } = "0 0 * * * *";

    /// <summary>How often LocalHost runs the sweep. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Registrations looked at per sweep. Default 200.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 200;
}

/// <summary>What one re-check sweep did.</summary>
public sealed record EligibilityRecheckSweepResult(int Due, int Started, int AlreadyStarted);

/// <summary>
/// The second schedule: finds verified registrations whose visit is <see cref="Registration.EligibilityRecheckLead"/>
/// away or closer and whose eligibility answer is older than that (an indexed query), and starts one
/// <see cref="EligibilityRecheckOrchestrator"/> per registration and visit time. Safe to run twice at once: the
/// instance id is fixed, so the second start finds the first (and a lost race is a conflict that is skipped).
/// </summary>
public sealed class EligibilityRecheckSweep(
    IRegistrationStore registrations,
    TimeProvider time,
    IOptions<EligibilityRecheckOptions> options,
    ILogger<EligibilityRecheckSweep> logger)
{
    public async Task<EligibilityRecheckSweepResult> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var ids = await registrations.ListEligibilityRechecksDueAsync(time.GetUtcNow(), options.Value.BatchSize, cancellationToken);
        int started = 0, running = 0;
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var registration = (await registrations.GetAsync(id, cancellationToken)).Value;
                if (registration.EligibilityRecheckAt is not { } due || due > time.GetUtcNow()) continue;
                var instanceId = EligibilityRecheckOrchestrator.InstanceIdFor(registration);
                if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
                {
                    running++;
                    continue;
                }
                await client.ScheduleNewOrchestrationInstanceAsync(nameof(EligibilityRecheckOrchestrator),
                    EligibilityRecheckOrchestrator.InputFor(registration), new StartOrchestrationOptions(instanceId), cancellationToken);
                EligibilityLog.RecheckStarted(logger, id.Value, instanceId);
                started++;
            }
            catch (NotFoundException)
            {
                // Deleted since the query: nothing to re-check.
            }
            catch (TransientDependencyException e)
            {
                EligibilityLog.RecheckSkipped(logger, id.Value, e.Dependency);
            }
        }
        if (ids.Count > 0) EligibilityLog.RecheckSweepDone(logger, ids.Count, started, running);
        return new EligibilityRecheckSweepResult(ids.Count, started, running);
    }
}

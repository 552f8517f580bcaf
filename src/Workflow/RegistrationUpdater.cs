using System.Security.Cryptography;
using System.Text;
using PatientAccess.Domain.Audit;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow;

/// <summary>
/// Read-modify-write of a registration with optimistic concurrency: on a 412 it reads again and re-applies
/// the change, a few times, then lets the conflict surface (Durable retries the activity). Every change that
/// happened is audited with an id derived from the registration and the action, so retries append once. A cancelled
/// registration stays cancelled: no change written through here takes it out (<see cref="Registration.Cancel"/>).
/// </summary>
public sealed class RegistrationUpdater(IRegistrationStore registrations, IAuditTrail audit, TimeProvider time)
{
    private const int MaxAttempts = 5;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <param name="change">Applies the change; returns false when there was nothing to change.</param>
    /// <returns>True when the registration was changed and written.</returns>
    public async Task<bool> UpdateAsync(RegistrationId id, Func<Registration, bool> change, string auditAction, CancellationToken cancellationToken, string actor = "clearance")
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var current = await registrations.GetAsync(id, cancellationToken);
            var cancelled = current.Value.Stage == ClearanceStage.Cancelled;
            if (!change(current.Value) || (cancelled && !StillCancelled(current.Value)))
            {
                return false;
            }
            try
            {
                await registrations.ReplaceAsync(current.Value, current.ETag, cancellationToken);
                await audit.AppendAsync(new AuditEntry(AuditId(id.Value, auditAction), id.Value, actor, auditAction, Now), cancellationToken);
                return true;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone else wrote first: read their version and apply our change on top of it.
            }
        }
    }

    /// <summary>
    /// Records that step <paramref name="key"/> finished with <paramref name="output"/>, and applies
    /// <paramref name="change"/> in the same write. When the step had finished already (a duplicate run got there
    /// first) nothing changes and the output on file is returned: it is the one the orchestration acts on.
    /// </summary>
    public async Task<string> CompleteStepAsync(RegistrationId id, string key, string output, Action<Registration> change, string auditAction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var recorded = output;
        await UpdateAsync(
            id,
            registration =>
            {
                if (registration.CompletedStepOutput(key) is { } earlier)
                {
                    recorded = earlier;
                    return false;
                }
                recorded = output;
                registration.CompleteStep(key, output, Now);
                change(registration);
                return true;
            },
            auditAction,
            cancellationToken);
        return recorded;
    }

    /// <summary>
    /// A cancelled visit is terminal: a change that would take it out of <see cref="ClearanceStage.Cancelled"/> or start
    /// the patient's reminders again (a clearance step already on its way) is dropped, nothing written.
    /// </summary>
    private static bool StillCancelled(Registration registration) =>
        registration.Stage == ClearanceStage.Cancelled && registration.FollowUp is null && registration.OpenWorkItemId is null;

    /// <summary>A stable id for an audit line, so the same action on the same registration is recorded once.</summary>
    public static string AuditId(string registrationId, string action)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(action));
        return $"{registrationId}-{Convert.ToHexStringLower(hash.AsSpan(0, 12))}";
    }
}

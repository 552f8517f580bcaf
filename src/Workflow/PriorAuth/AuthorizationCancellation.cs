using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.PriorAuth;

namespace PatientAccess.Workflow.PriorAuth;

/// <summary>
/// Cancels a registration's open prior-authorization requests (issue 15's visit cancellation calls this): raises
/// <see cref="PriorAuthEvents.CancelRequested"/> on the orchestration of every line whose record still waits for the
/// payer (open, submitted, pended). The clearance runs each line as a sub-orchestration under
/// <see cref="PriorAuthInstances.For"/>, so the event reaches it while it waits; the line cancels the request at the
/// payer (PAS update with certification type 3 / 278 UM02 3), records it cancelled and ends, and the clearance's
/// authorization phase ends the clearance as incomplete. Safe to call twice: a line already cancelled is not open.
/// A line still deciding or submitting (not yet waiting) finds the event when it starts to wait.
/// </summary>
public sealed class AuthorizationCancellation(IAuthorizationStore records, ILogger<AuthorizationCancellation> logger)
{
    /// <summary>Raises the cancel event to every open line of <paramref name="registrationId"/>; returns the line keys it was raised to.</summary>
    /// <param name="why">Plain words without PHI, e.g. "visit cancelled".</param>
    public async Task<IReadOnlyList<string>> CancelOpenLinesAsync(DurableTaskClient client, string registrationId, string why, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(registrationId);
        var open = (await records.ListForRegistrationAsync(registrationId, cancellationToken))
            .Where(r => !r.State.IsSettled())
            .Select(r => r.LineKey)
            .ToList();
        foreach (var lineKey in open)
        {
            await client.RaiseEventAsync(PriorAuthInstances.For(registrationId, lineKey), PriorAuthEvents.CancelRequested,
                new AuthorizationCancelEvent(why), cancellationToken);
        }
        PriorAuthLog.CancellationRaised(logger, registrationId, open.Count);
        return open;
    }
}

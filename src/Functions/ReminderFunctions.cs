using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PatientAccess.Api;
using PatientAccess.Domain.Notifications;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Functions;

/// <summary>
/// The follow-up reminder sweep on a timer (schedule from the app setting <c>Reminders__Schedule</c>), and the
/// outbox view. The sweep is safe when two instances fire at once: the outbox keeps one message per key and the
/// dispatcher claims each by ETag.
/// </summary>
public sealed class ReminderFunctions(ReminderSweep sweep, INotificationOutbox outbox)
{
    public const string SweepName = "ReminderSweep";
    public const string ListOutboxName = "ListOutbox";

    [Function(SweepName)]
    public Task SweepAsync(
        [TimerTrigger("%Reminders:Schedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        sweep.RunAsync(client, cancellationToken);

    [Function(ListOutboxName)]
    public Task<IResult> ListOutboxAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FunctionRoute.Api + ApiRoutes.Outbox)] HttpRequest request,
        CancellationToken cancellationToken) =>
        OutboxEndpoints.ListRecentAsync(request, outbox, cancellationToken);
}

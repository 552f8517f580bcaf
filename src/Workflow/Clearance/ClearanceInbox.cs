using Microsoft.DurableTask;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// One waiter per external event for the whole orchestration. The Durable SDK hands an event to the oldest waiter of
/// that name, even one the code stopped awaiting (a card wait that lost to the deadline); a fresh waiter per wait
/// would let that abandoned one swallow the next photo. So a waiter is created once and replaced only after its
/// event was taken.
/// </summary>
public sealed class ClearanceInbox(TaskOrchestrationContext context)
{
    private Task<CardUploadedEvent>? _card;
    private Task<WorkItemResolvedEvent>? _resolved;
    private Task<PatientUnresponsiveEvent>? _giveUp;
    private Task<FormSignedEvent>? _formSigned;

    public Task<CardUploadedEvent> Card => _card ??= context.WaitForExternalEvent<CardUploadedEvent>(ClearanceEvents.CardUploaded);

    public Task<WorkItemResolvedEvent> Resolved => _resolved ??= context.WaitForExternalEvent<WorkItemResolvedEvent>(ClearanceEvents.WorkItemResolved);

    public Task<PatientUnresponsiveEvent> GiveUp => _giveUp ??= context.WaitForExternalEvent<PatientUnresponsiveEvent>(ClearanceEvents.PatientUnresponsive);

    public Task<FormSignedEvent> FormSigned => _formSigned ??= context.WaitForExternalEvent<FormSignedEvent>(ClearanceEvents.FormSigned);

    public async Task<FormSignedEvent> TakeFormSignedAsync()
    {
        var signed = await FormSigned;
        _formSigned = null;
        return signed;
    }

    public async Task<CardUploadedEvent> TakeCardAsync()
    {
        var card = await Card;
        _card = null;
        return card;
    }

    public async Task<WorkItemResolvedEvent> TakeResolvedAsync()
    {
        var resolved = await Resolved;
        _resolved = null;
        return resolved;
    }

    public async Task<PatientUnresponsiveEvent> TakeGiveUpAsync()
    {
        var giveUp = await GiveUp;
        _giveUp = null;
        return giveUp;
    }
}

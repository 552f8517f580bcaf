using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PatientAccess.Workflow.Tests.Phases;

/// <summary>One call the orchestration made: an activity or a sub-orchestration (with the child's instance id).</summary>
public sealed record ScriptedCall(string Name, object? Input, string? InstanceId = null);

/// <summary>
/// A <see cref="TaskOrchestrationContext"/> (the framework's abstract class) that runs orchestration code without a
/// task engine: activities and sub-orchestrations are answered by the test's <see cref="Answer"/>, external events come
/// from queues the test fills beforehand, timers fire only when the test says so. Every task it hands out is either
/// complete already or never completes, so the code under test runs synchronously until it is done or waits for
/// something the script does not provide; the test then reads <see cref="Calls"/> and <see cref="Waiting"/>.
/// </summary>
public sealed class ScriptedOrchestrationContext(string instanceId, DateTime now) : TaskOrchestrationContext
{
    private readonly Dictionary<string, Queue<object>> _events = new(StringComparer.Ordinal);
    private int _guids;

    /// <summary>Answers a call: returns the output, or throws <see cref="TaskFailedException"/> to fail it.</summary>
    public Func<ScriptedCall, object?> Answer { get; set; } = _ => null;

    /// <summary>Whether timers fire (the card deadline passes) or stay pending.</summary>
    public bool TimersFire { get; set; }

    public List<ScriptedCall> Calls { get; } = [];

    /// <summary>The external events the orchestration waits for with nothing queued.</summary>
    public List<string> Waiting { get; } = [];

    public override TaskName Name => new("Scripted");

    public override string InstanceId => instanceId;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => now;

    public override bool IsReplaying => false;

    public override TaskOrchestrationEntityFeature Entities => throw new NotSupportedException();

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    /// <summary>Queues an external event for the next waiter of that name.</summary>
    public void Raise(string name, object payload)
    {
        if (!_events.TryGetValue(name, out var queue)) _events[name] = queue = new Queue<object>();
        queue.Enqueue(payload);
    }

    public IEnumerable<ScriptedCall> CallsTo(string name) => Calls.Where(c => c.Name == name);

    public IEnumerable<T> InputsTo<T>(string name) => CallsTo(name).Select(c => (T)c.Input!);

    public override T GetInput<T>() => default!;

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        Run<TResult>(new ScriptedCall(name.Name, input));

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        Run<TResult>(new ScriptedCall(orchestratorName.Name, input, (options as SubOrchestrationOptions)?.InstanceId));

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        TimersFire ? Task.CompletedTask : new TaskCompletionSource().Task;

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        if (_events.TryGetValue(eventName, out var queue) && queue.Count > 0) return Task.FromResult((T)queue.Dequeue());
        Waiting.Add(eventName);
        return new TaskCompletionSource<T>().Task;
    }

    public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();

    /// <summary>Every custom status the orchestration set, in order (the clearance's watches).</summary>
    public List<object?> Statuses { get; } = [];

    public override void SetCustomStatus(object? customStatus) => Statuses.Add(customStatus);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => throw new NotSupportedException();

    public override Guid NewGuid() => new(++_guids, 0, 0, new byte[8]);

    /// <summary>A failed task as the engine reports it: the exception type only, as Durable records it.</summary>
    public static TaskFailedException Failure(string name, string errorType) =>
        new(name, 0, new TaskFailureDetails(errorType, "a failure", null, null, null));

    /// <summary>An answer that never comes: the call stays in flight (a message the engine holds or lost).</summary>
    public static readonly object NeverAnswered = new();

    private Task<TResult> Run<TResult>(ScriptedCall call)
    {
        Calls.Add(call);
        try
        {
            var output = Answer(call);
            if (ReferenceEquals(output, NeverAnswered)) return new TaskCompletionSource<TResult>().Task;
            return Task.FromResult((TResult)output!);
        }
        catch (TaskFailedException e)
        {
            return Task.FromException<TResult>(e);
        }
    }
}

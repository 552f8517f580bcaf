using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.PriorAuth;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// The real payer gateways (over the sandbox) with every call counted and timed, and the first call of a kind held at
/// its start until the test lets it go: a payer call "in flight", or one whose answer never comes.
/// </summary>
public sealed class PayerCalls
{
    private readonly Lock _gate = new();
    private readonly List<(string Kind, DateTimeOffset At)> _calls = [];

    /// <summary>The kind of call to hold ("eligibility", "submit", "inquire", "cancel"), or null for none.</summary>
    public string? Hold { get; set; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<(string Kind, DateTimeOffset At)> Calls
    {
        get
        {
            lock (_gate) return [.. _calls];
        }
    }

    public async Task<T> CallAsync<T>(string kind, Func<Task<T>> call)
    {
        bool hold;
        lock (_gate)
        {
            _calls.Add((kind, DateTimeOffset.UtcNow));
            hold = Hold == kind && !Entered.Task.IsCompleted;
        }
        if (hold)
        {
            Entered.TrySetResult();
            await Release.Task;
        }
        return await call();
    }

    /// <summary>Replaces the registered <typeparamref name="T"/> with <paramref name="wrap"/> of it.</summary>
    public static void Wrap<T>(IServiceCollection services, Func<T, T> wrap) where T : class
    {
        var real = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(real);
        services.AddSingleton(sp => wrap(real.ImplementationInstance as T
            ?? (real.ImplementationFactory is { } factory ? (T)factory(sp) : (T)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!))));
    }
}

public sealed class CountedEligibilityGateway(IEligibilityGateway inner, PayerCalls calls) : IEligibilityGateway
{
    public Task<EligibilityResponse> CheckAsync(EligibilityRequest request, CancellationToken cancellationToken) =>
        calls.CallAsync("eligibility", () => inner.CheckAsync(request, cancellationToken));
}

public sealed class CountedPriorAuthGateway(IPriorAuthGateway inner, PayerCalls calls) : IPriorAuthGateway
{
    public Task<AuthorizationResponse> SubmitAsync(AuthorizationRequest request, CancellationToken cancellationToken) =>
        calls.CallAsync("submit", () => inner.SubmitAsync(request, cancellationToken));

    public Task<AuthorizationResponse> InquireAsync(AuthorizationRequest request, CancellationToken cancellationToken) =>
        calls.CallAsync("inquire", () => inner.InquireAsync(request, cancellationToken));

    public Task<AuthorizationResponse> CancelAsync(AuthorizationRequest request, CancellationToken cancellationToken) =>
        calls.CallAsync("cancel", () => inner.CancelAsync(request, cancellationToken));
}

/// <summary>The system clock, moved on by <see cref="Offset"/>: a sweep can run "an hour later" while the engine runs now.</summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

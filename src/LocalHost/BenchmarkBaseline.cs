using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace PatientAccess.LocalHost;

/// <summary>The shape of the baseline: as many no-op activities and timers as the measured clearance's history holds.</summary>
public sealed record BaselineInput(int Activities, int Timers, TimeSpan TimerDelay);

/// <summary>
/// Benchmark only (LocalHost:BenchmarkBaseline, off by default): an orchestration that does nothing but what the
/// clearance costs the engine, so benchmarks/clearance-throughput.sh can compare the two on the same backend in the same
/// run. The timers come first (the clearance's timers guard its waits near the start), then the activities, each one a
/// round trip through the work-item queue with a no-op body.
/// </summary>
public static class BenchmarkBaseline
{
    public const string Orchestration = "BenchmarkBaselineOrchestration";
    public const string Activity = "BenchmarkNoOpActivity";
    public const string Route = "/benchmark/baseline";

    public static DurableTaskRegistry AddBenchmarkBaseline(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<BaselineInput, int>(Orchestration, async (context, input) =>
        {
            for (var t = 0; t < input.Timers; t++) await context.CreateTimer(context.CurrentUtcDateTime.Add(input.TimerDelay), CancellationToken.None);
            var done = 0;
            for (var a = 0; a < input.Activities; a++) done += await context.CallActivityAsync<int>(Activity, 1);
            return done;
        });
        registry.AddActivityFunc<int, int>(Activity, (_, one) => one);
        return registry;
    }

    /// <summary>
    /// POST /benchmark/baseline with a <see cref="BaselineInput"/> and an Idempotency-Key (the instance id): started the
    /// way the API starts a clearance, through the same client; 202 with the instance id. Behind the API key.
    /// </summary>
    public static void MapBenchmarkBaseline(this WebApplication app, string apiHost)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(Route, async (HttpRequest request, DurableTaskClient client, CancellationToken ct) =>
        {
            var input = await request.ReadFromJsonAsync<BaselineInput>(ct);
            var key = request.Headers["Idempotency-Key"].ToString();
            if (input is null || input.Activities is < 0 or > 1000 || input.Timers is < 0 or > 100 || !Guid.TryParse(key, out var id))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "activities 0-1000, timers 0-100 and a GUID Idempotency-Key");
            }
            var instanceId = $"baseline-{id:N}";
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct) is null)
            {
                await client.ScheduleNewOrchestrationInstanceAsync(Orchestration, input, new StartOrchestrationOptions(instanceId), ct);
            }
            return Results.Accepted(value: new { instanceId });
        }).RequireAuthorization("ApiKey").RequireHost(apiHost);
    }
}

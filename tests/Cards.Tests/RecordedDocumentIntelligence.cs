using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PatientAccess.Cards.Tests;

/// <summary>One scripted answer: status, recorded JSON body file (or none) and headers.</summary>
internal sealed record Scripted(int Status, string? BodyFile = null, string? RetryAfter = null, bool OperationLocation = false);

/// <summary>What the reader sent.</summary>
internal sealed record SeenRequest(string Method, string Path, string Query, string? Key, string? Authorization, string Body);

/// <summary>
/// A real Kestrel server on 127.0.0.1 (port 0) that plays recorded Document Intelligence responses in order:
/// one queue for the analyze POST, one for the Operation-Location polls.
/// </summary>
internal sealed class RecordedDocumentIntelligence : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Scripted> _analyze = new();
    private readonly ConcurrentQueue<Scripted> _polls = new();

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    private RecordedDocumentIntelligence(WebApplication app) => _app = app;

    public static async Task<RecordedDocumentIntelligence> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new RecordedDocumentIntelligence(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address + "/");
        return server;
    }

    public RecordedDocumentIntelligence OnAnalyze(params Scripted[] answers)
    {
        foreach (var a in answers) _analyze.Enqueue(a);
        return this;
    }

    public RecordedDocumentIntelligence OnPoll(params Scripted[] answers)
    {
        foreach (var a in answers) _polls.Enqueue(a);
        return this;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var body = await reader.ReadToEndAsync();
        Requests.Enqueue(new SeenRequest(ctx.Request.Method, ctx.Request.Path.Value ?? "", ctx.Request.QueryString.Value ?? "",
            ctx.Request.Headers["Ocp-Apim-Subscription-Key"].FirstOrDefault(), ctx.Request.Headers.Authorization.FirstOrDefault(), body));
        var queue = ctx.Request.Method == "POST" ? _analyze : _polls;
        if (!queue.TryDequeue(out var answer))
        {
            ctx.Response.StatusCode = 500;
            return;
        }
        ctx.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is not null) ctx.Response.Headers.RetryAfter = answer.RetryAfter;
        if (answer.OperationLocation)
        {
            var root = ctx.Request.Path.Value!.StartsWith("/formrecognizer", StringComparison.Ordinal) ? "formrecognizer" : "documentintelligence";
            ctx.Response.Headers["Operation-Location"] =
                $"{Endpoint}{root}/documentModels/prebuilt-healthInsuranceCard.us/analyzeResults/3b5c8a1e-0000-4000-8000-000000000001{ctx.Request.QueryString}";
        }
        if (answer.BodyFile is not null)
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.SendFileAsync(Path.Combine(AppContext.BaseDirectory, "Recorded", answer.BodyFile));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// A clock for tests: every delay completes at once (on the thread pool) and moves the clock forward by its length,
/// and the delays asked for are recorded, so Retry-After handling is checked without waiting.
/// </summary>
internal sealed class InstantTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 28, 16, 0, 0, TimeSpan.Zero);
    private readonly Lock _gate = new();

    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new InstantTimer(this, callback, state, dueTime);

    private sealed class InstantTimer : ITimer
    {
        private readonly InstantTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;

        public InstantTimer(InstantTimeProvider owner, TimerCallback callback, object? state, TimeSpan dueTime)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
            Change(dueTime, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == Timeout.InfiniteTimeSpan) return true;
            _owner.Delays.Enqueue(dueTime);
            _owner.Advance(dueTime);
            ThreadPool.QueueUserWorkItem(_ => _callback(_state));
            return true;
        }

        public void Dispose() { }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

namespace PatientAccess.LocalHost;

/// <summary>
/// The LocalHost's stand-in for a Functions trigger that fires on its own: runs one pass at start, then one every
/// <see cref="Interval"/>. A failed pass is logged by exception type only (messages could name blobs or ids) and
/// retried on the next tick; cancellation ends the loop.
/// </summary>
public abstract partial class PeriodicService(ILogger logger) : BackgroundService
{
    /// <summary>Time between passes.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>What the matching trigger does, once.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPassFailed(logger, GetType().Name, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(2001, LogLevel.Warning, "{Service} pass failed ({ExceptionType}); retrying on the next tick")]
    private static partial void LogPassFailed(ILogger logger, string service, string exceptionType);
}

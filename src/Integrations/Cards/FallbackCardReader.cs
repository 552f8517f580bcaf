using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Common;

namespace PatientAccess.Integrations.Cards;

/// <summary>
/// Document Intelligence first; Tesseract when Document Intelligence is down. A transient failure (unreachable,
/// 429/5xx after retries, polling timeout) falls back at once; after <see cref="DocumentIntelligenceOptions.CircuitFailureThreshold"/>
/// consecutive ones the circuit opens and every read goes straight to Tesseract for
/// <see cref="DocumentIntelligenceOptions.CircuitBreakDuration"/>, then one read tries Document Intelligence again
/// (half-open). Image refusals and configuration errors do not fall back: Tesseract could not do better.
/// Each field's <see cref="CardField{T}.Engine"/> records which engine read it.
/// </summary>
public sealed class FallbackCardReader(
    ICardReader primary,
    ICardReader fallback,
    DocumentIntelligenceCircuit circuit,
    ILogger<FallbackCardReader> logger) : ICardReader
{
    public async Task<InsuranceCard> ReadAsync(ReadOnlyMemory<byte> image, string contentType, CancellationToken cancellationToken)
    {
        if (circuit.IsOpen)
        {
            Log.FallingBack(logger, "circuit open");
            return await fallback.ReadAsync(image, contentType, cancellationToken);
        }
        try
        {
            var card = await primary.ReadAsync(image, contentType, cancellationToken);
            circuit.RecordSuccess();
            return card;
        }
        catch (TransientDependencyException)
        {
            circuit.RecordFailure();
            Log.FallingBack(logger, "transient failure");
            return await fallback.ReadAsync(image, contentType, cancellationToken);
        }
    }
}

/// <summary>
/// The circuit state shared by every <see cref="FallbackCardReader"/> of the process (a singleton): consecutive
/// transient failures of Document Intelligence and, once over the threshold, until when it is skipped.
/// </summary>
public sealed class DocumentIntelligenceCircuit(IOptions<DocumentIntelligenceOptions> options, TimeProvider time, ILogger<DocumentIntelligenceCircuit> logger)
{
    private readonly Lock _gate = new();
    private int _failures;
    private DateTimeOffset? _openUntil;

    /// <summary>True while reads skip Document Intelligence; after the break one read is let through (half-open).</summary>
    public bool IsOpen
    {
        get
        {
            lock (_gate) return _openUntil is { } until && time.GetUtcNow() < until;
        }
    }

    public void RecordSuccess()
    {
        lock (_gate)
        {
            _failures = 0;
            _openUntil = null;
        }
    }

    public void RecordFailure()
    {
        var o = options.Value;
        lock (_gate)
        {
            _failures++;
            if (_failures >= o.CircuitFailureThreshold)
            {
                _openUntil = time.GetUtcNow() + o.CircuitBreakDuration;
                Log.CircuitOpened(logger, (int)o.CircuitBreakDuration.TotalSeconds, _failures);
            }
        }
    }
}

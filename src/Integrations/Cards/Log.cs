using Microsoft.Extensions.Logging;

namespace PatientAccess.Integrations.Cards;

/// <summary>Card reading log events (5100-5199). Counts, ids, codes and timings only: never card values or OCR text.</summary>
internal static partial class Log
{
    [LoggerMessage(5100, LogLevel.Information, "Card read by {Engine}: {FieldCount} fields, skew {SkewDegrees} deg, card edges found {Rectified}, {ElapsedMs} ms")]
    public static partial void CardRead(ILogger logger, string engine, int fieldCount, double skewDegrees, bool rectified, long elapsedMs);

    [LoggerMessage(5101, LogLevel.Error, "The OCR executable {Executable} was not found")]
    public static partial void TesseractMissing(ILogger logger, string executable);

    [LoggerMessage(5102, LogLevel.Warning, "The second local recognizer (PP-OCR) failed ({ErrorType}); the card is read by Tesseract alone")]
    public static partial void SecondRecognizerFailed(ILogger logger, string errorType);

    [LoggerMessage(5103, LogLevel.Information, "Local card read voted: {ConsensusFields} key fields read alike by both recognizers, {ElapsedMs} ms")]
    public static partial void CardsVoted(ILogger logger, int consensusFields, long elapsedMs);

    [LoggerMessage(5104, LogLevel.Information, "PP-OCR models {State}")]
    public static partial void PaddleModels(ILogger logger, string state);

    [LoggerMessage(5105, LogLevel.Error, "PP-OCR is enabled but its models are missing or do not match their checksums; the local reader refuses cards until scripts/prereqs.sh installs them or PaddleOcr:Enabled is false")]
    public static partial void PaddleModelsMissing(ILogger logger);

    [LoggerMessage(5110, LogLevel.Information, "Document Intelligence analyze accepted (api {ApiVersion}); polling")]
    public static partial void AnalyzeAccepted(ILogger logger, string apiVersion);

    [LoggerMessage(5111, LogLevel.Warning, "Document Intelligence answered {StatusCode}; retrying in {DelayMs} ms (attempt {Attempt})")]
    public static partial void Throttled(ILogger logger, int statusCode, long delayMs, int attempt);

    [LoggerMessage(5112, LogLevel.Information, "Document Intelligence read the card: {FieldCount} fields, {Polls} polls, {ElapsedMs} ms")]
    public static partial void AnalyzeSucceeded(ILogger logger, int fieldCount, int polls, long elapsedMs);

    [LoggerMessage(5113, LogLevel.Warning, "Document Intelligence analysis ended {Status} with error code {ErrorCode}")]
    public static partial void AnalyzeFailed(ILogger logger, string status, string errorCode);

    [LoggerMessage(5120, LogLevel.Warning, "Document Intelligence is unavailable ({Reason}); reading the card with Tesseract")]
    public static partial void FallingBack(ILogger logger, string reason);

    [LoggerMessage(5121, LogLevel.Warning, "Document Intelligence circuit opened for {BreakSeconds} s after {Failures} consecutive failures")]
    public static partial void CircuitOpened(ILogger logger, int breakSeconds, int failures);
}

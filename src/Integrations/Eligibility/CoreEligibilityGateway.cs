using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Eligibility;
using PatientAccess.X12.Acknowledgment;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.Integrations.Eligibility;

/// <summary>
/// Real-time X12 eligibility in the CAQH CORE connectivity style: the 270 (written by our X12 library) goes in a
/// multipart/form-data envelope; the answer is a 271 (summarised by the X12 interpreter) or a 999 (the clearinghouse
/// could not accept the 270: permanent).
/// </summary>
public sealed class CoreEligibilityGateway(HttpClient client, IOptions<ClearinghouseOptions> options, TimeProvider time, ILogger<CoreEligibilityGateway> logger)
    : IEligibilityGateway
{
    private readonly ClearinghouseOptions _options = options.Value;

    public async Task<EligibilityResponse> CheckAsync(EligibilityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        var control = RandomNumberGenerator.GetInt32(1, 999_999_999).ToString("D9", CultureInfo.InvariantCulture);
        var inquiry = EligibilityMapping.ToInquiry(request, _options, now, control[^4..]);
        var x12 = EligibilityWriter.WriteInterchange(
            inquiry.ToTransaction(),
            new X12InterchangeEnvelope
            {
                SenderId = _options.SenderId,
                ReceiverId = _options.ReceiverId,
                Timestamp = now,
                ControlNumber = control,
                UsageIndicator = _options.UsageIndicator,
            },
            groupControlNumber: control.TrimStart('0'));

        using var message = new HttpRequestMessage(HttpMethod.Post, _options.CorePath)
        {
            Content = CoreEnvelope.Request(x12, Guid.NewGuid().ToString(), now, _options.SenderId, _options.ReceiverId),
        };
        ClearinghouseHttp.Authorize(message, _options);

        try
        {
            var (response, body) = await ClearinghouseHttp.SendAsync(client, message, DescribeEnvelopeError, cancellationToken);
            using (response)
            {
                var fields = CoreEnvelope.ReadFields(response.Content.Headers.ContentType, body)
                    ?? throw new PermanentDependencyException(ClearinghouseHttp.Dependency, "the answer is not a CORE multipart envelope");
                var payloadType = fields.GetValueOrDefault("PayloadType");
                var payload = fields.GetValueOrDefault("Payload") ?? string.Empty;
                var raw = Encoding.UTF8.GetBytes(payload);
                switch (payloadType)
                {
                    case CoreEnvelope.Response271:
                        var result = EligibilityMapping.ToResponse(Read271(raw), raw, "x12", time.GetUtcNow());
                        Log.Answered(logger, ClearinghouseMode.Core, result.Snapshot.Status.ToString(), result.Rejections.Count,
                            string.Join(",", result.Rejections.Select(r => r.Code)), (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        return result;
                    case CoreEnvelope.Response999:
                        throw new PermanentDependencyException(ClearinghouseHttp.Dependency, Describe999(raw));
                    default:
                        throw new PermanentDependencyException(ClearinghouseHttp.Dependency,
                            $"CORE envelope {payloadType ?? "without PayloadType"}, error code {fields.GetValueOrDefault("ErrorCode") ?? "none"}");
                }
            }
        }
        catch (TransientDependencyException e)
        {
            Log.Transient(logger, ClearinghouseMode.Core, e.Message, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (PermanentDependencyException e)
        {
            Log.Refused(logger, ClearinghouseMode.Core, e.Message);
            throw;
        }
    }

    private static EligibilityTransaction Read271(byte[] raw)
    {
        try
        {
            var transaction = EligibilityReader.Read(raw);
            return transaction.IsResponse
                ? transaction
                : throw new PermanentDependencyException(ClearinghouseHttp.Dependency, $"the payload is a {transaction.TransactionSetId}, not a 271");
        }
        catch (X12ParseException e)
        {
            // The parse error names positions and reasons only, never values.
            throw new PermanentDependencyException(ClearinghouseHttp.Dependency, "the 271 could not be read: " + e.Message, e);
        }
    }

    private static string Describe999(byte[] raw)
    {
        try
        {
            var ack = Acknowledgment999.Read(X12Reader.ParseSingleTransaction(raw));
            var codes = ack.TransactionSets.SelectMany(t => t.ErrorCodes).Concat(ack.GroupErrorCodes).ToList();
            return $"the clearinghouse rejected the 270 (999 {ack.GroupAcknowledgmentCode ?? "?"}{(codes.Count == 0 ? string.Empty : ", codes " + string.Join(",", codes))})";
        }
        catch (X12ParseException)
        {
            return "the clearinghouse answered with an unreadable 999";
        }
    }

    private static string? DescribeEnvelopeError(HttpResponseMessage response, byte[] body)
    {
        var fields = CoreEnvelope.ReadFields(response.Content.Headers.ContentType, body);
        return fields?.GetValueOrDefault("ErrorCode") is { Length: > 0 } code ? "CORE " + code : null;
    }
}

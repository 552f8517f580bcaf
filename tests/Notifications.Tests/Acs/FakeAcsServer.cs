using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PatientAccess.Notifications.Tests.Acs;

/// <summary>
/// A local stand-in for Azure Communication Services on 127.0.0.1 (Kestrel, port 0). It checks every request the
/// way ACS documents it (HMAC-SHA256 over "VERB\nraw path and query\nx-ms-date;host;x-ms-content-sha256" with the
/// access key, the body hash, a fresh date; or a bearer token) and answers with the documented shapes:
/// SMS per-recipient results (with repeatability), email 202 + Operation-Location + polling, 429 + Retry-After.
/// <para>Recipients steer the answer: SMS "+1555000040x" fail per recipient with status 40x/50x by the last
/// digits (400, 429, 500); email "fail@..." ends Failed, "slow@..." never finishes.</para>
/// </summary>
public sealed class FakeAcsServer : IAsyncDisposable
{
    public const string SmsFailPrefix = "+1555000";
    private readonly WebApplication _app;
    private readonly byte[]? _key;
    private readonly string? _bearerToken;
    private readonly ConcurrentDictionary<string, (DateTimeOffset FirstSent, string MessageId)> _smsByRepeatability = new();
    private readonly ConcurrentDictionary<string, EmailOperation> _emailOperations = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _forcedResponses = new();

    private FakeAcsServer(WebApplication app, byte[]? key, string? bearerToken)
    {
        _app = app;
        _key = key;
        _bearerToken = bearerToken;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every SMS ACS actually sent (a repeat it dropped is not in here).</summary>
    public ConcurrentQueue<SentSms> SmsSent { get; } = new();

    /// <summary>Every email operation ACS started (a repeat with the same operation-id is not in here).</summary>
    public ConcurrentQueue<SentEmail> EmailsSent { get; } = new();

    public ConcurrentQueue<string> Rejections { get; } = new();

    private int _polls;

    public int Polls => Volatile.Read(ref _polls);

    /// <summary>How many polls an email operation stays Running before it succeeds.</summary>
    public int EmailRunningPolls { get; set; } = 2;

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));

    public static async Task<FakeAcsServer> StartAsync(string? accessKey = null, string? bearerToken = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeAcsServer(app, accessKey is null ? null : Convert.FromBase64String(accessKey), bearerToken);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>The next request gets this whole-request status (e.g. 429 with Retry-After) instead of being handled.</summary>
    public void FailNext(int status, string? retryAfter = null) => _forcedResponses.Enqueue((status, retryAfter));

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();

        if (Authenticate(context, body) is { } problem)
        {
            Rejections.Enqueue(problem);
            await WriteJsonAsync(context, 401, new JsonObject { ["error"] = new JsonObject { ["code"] = "Unauthorized", ["message"] = problem } });
            return;
        }
        if (_forcedResponses.TryDequeue(out var forced))
        {
            if (forced.RetryAfter is not null) context.Response.Headers.RetryAfter = forced.RetryAfter;
            await WriteJsonAsync(context, forced.Status, new JsonObject { ["error"] = new JsonObject { ["code"] = "Forced" } });
            return;
        }

        var path = context.Request.Path.Value ?? "";
        var apiVersion = context.Request.Query["api-version"].ToString();
        if (context.Request.Method == "POST" && path == "/sms" && apiVersion == "2021-03-07") await SmsAsync(context, body);
        else if (context.Request.Method == "POST" && path == "/emails:send" && apiVersion == "2023-03-31") await EmailSendAsync(context, body);
        else if (context.Request.Method == "GET" && path.StartsWith("/emails/operations/", StringComparison.Ordinal) && apiVersion == "2023-03-31")
            await EmailPollAsync(context, path["/emails/operations/".Length..]);
        else await WriteJsonAsync(context, 404, new JsonObject { ["error"] = new JsonObject { ["code"] = "NotFound" } });
    }

    /// <summary>Null when the request is properly signed (or carries the expected bearer token); else why not.</summary>
    private string? Authenticate(HttpContext context, byte[] body)
    {
        var headers = context.Request.Headers;
        if (_bearerToken is not null)
            return headers.Authorization.ToString() == "Bearer " + _bearerToken ? null : "bearer token missing or wrong";
        if (_key is null) return null;

        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        if (headers["x-ms-content-sha256"].ToString() != contentHash) return "x-ms-content-sha256 does not match the body";
        var date = headers["x-ms-date"].ToString();
        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sentAt))
            return "x-ms-date missing or not RFC 1123";
        if ((DateTimeOffset.UtcNow - sentAt).Duration() > TimeSpan.FromMinutes(5)) return "x-ms-date too far from now";
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var host = headers.Host.ToString();
        var stringToSign = $"{context.Request.Method}\n{rawTarget}\n{date};{host};{contentHash}";
        var expected = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
        var authorization = headers.Authorization.ToString();
        return authorization == $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={expected}"
            ? null
            : "signature does not match";
    }

    private async Task SmsAsync(HttpContext context, byte[] body)
    {
        var request = JsonNode.Parse(body)!.AsObject();
        var from = request["from"]?.GetValue<string>();
        var message = request["message"]?.GetValue<string>();
        var recipients = request["smsRecipients"]?.AsArray();
        var deliveryReport = request["smsSendOptions"]?["enableDeliveryReport"]?.GetValue<bool>();
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(message) || recipients is null || recipients.Count == 0 || deliveryReport is null)
        {
            await WriteJsonAsync(context, 400, new JsonObject { ["error"] = new JsonObject { ["code"] = "BadRequest" } });
            return;
        }

        var results = new JsonArray();
        foreach (var r in recipients)
        {
            var to = r!["to"]!.GetValue<string>();
            var repeatId = r["repeatabilityRequestId"]?.GetValue<string>();
            var firstSentText = r["repeatabilityFirstSent"]?.GetValue<string>();
            if (!Guid.TryParse(repeatId, out _) ||
                !DateTimeOffset.TryParseExact(firstSentText, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var firstSent))
            {
                results.Add(Result(to, null, 400, false, "Invalid repeatability headers.", "rejected"));
                continue;
            }
            if (DateTimeOffset.UtcNow - firstSent > TimeSpan.FromMinutes(5))
            {
                results.Add(Result(to, null, 412, false, "Repeatability first sent is outside the 5 minute window.", "rejected"));
                continue;
            }
            if (to.StartsWith(SmsFailPrefix, StringComparison.Ordinal) && int.TryParse(to[^3..], out var failStatus) && failStatus >= 400)
            {
                results.Add(Result(to, null, failStatus, false, failStatus == 400 ? "Invalid To phone number format." : "Service unavailable.", "accepted"));
                continue;
            }
            var entry = _smsByRepeatability.GetOrAdd(repeatId!, id =>
            {
                var messageId = "Outgoing_" + id.Replace("-", "", StringComparison.Ordinal);
                SmsSent.Enqueue(new SentSms(from, to, message, id, firstSentText!, deliveryReport.Value, messageId));
                return (firstSent, messageId);
            });
            results.Add(Result(to, entry.MessageId, 202, true, null, "accepted"));
        }
        await WriteJsonAsync(context, 202, new JsonObject { ["value"] = results });
    }

    private static JsonObject Result(string to, string? messageId, int status, bool ok, string? error, string repeatability) => new()
    {
        ["to"] = to,
        ["messageId"] = messageId,
        ["httpStatusCode"] = status,
        ["repeatabilityResult"] = repeatability,
        ["successful"] = ok,
        ["errorMessage"] = error,
    };

    private async Task EmailSendAsync(HttpContext context, byte[] body)
    {
        var operationId = context.Request.Headers["operation-id"].ToString();
        var request = JsonNode.Parse(body)!.AsObject();
        var sender = request["senderAddress"]?.GetValue<string>();
        var subject = request["content"]?["subject"]?.GetValue<string>();
        var text = request["content"]?["plainText"]?.GetValue<string>();
        var to = request["recipients"]?["to"]?.AsArray().Select(a => a!["address"]!.GetValue<string>()).ToList();
        if (!Guid.TryParse(operationId, out _) || string.IsNullOrEmpty(sender) || string.IsNullOrEmpty(subject) || text is null || to is not { Count: > 0 })
        {
            await WriteJsonAsync(context, 400, new JsonObject { ["error"] = new JsonObject { ["code"] = "BadRequest" } });
            return;
        }
        var operation = _emailOperations.GetOrAdd(operationId, id =>
        {
            EmailsSent.Enqueue(new SentEmail(sender, to[0], subject, text, id));
            return new EmailOperation(id, to[0]);
        });
        context.Response.Headers["Operation-Location"] = new Uri(Endpoint, $"emails/operations/{operation.Id}?api-version=2023-03-31").AbsoluteUri;
        context.Response.Headers.RetryAfter = "0";
        await WriteJsonAsync(context, 202, new JsonObject { ["id"] = operation.Id, ["status"] = "Running" });
    }

    private async Task EmailPollAsync(HttpContext context, string id)
    {
        Interlocked.Increment(ref _polls);
        if (!_emailOperations.TryGetValue(id, out var operation))
        {
            await WriteJsonAsync(context, 404, new JsonObject { ["error"] = new JsonObject { ["code"] = "NotFound" } });
            return;
        }
        var polls = operation.CountPoll();
        context.Response.Headers.RetryAfter = "0";
        var status = operation.To.StartsWith("slow@", StringComparison.Ordinal) || polls <= EmailRunningPolls ? "Running"
            : operation.To.StartsWith("fail@", StringComparison.Ordinal) ? "Failed" : "Succeeded";
        var answer = new JsonObject { ["id"] = id, ["status"] = status };
        if (status == "Failed")
            answer["error"] = new JsonObject { ["code"] = "EmailDroppedAllRecipientsSuppressed", ["message"] = $"Message to {operation.To} was suppressed." };
        await WriteJsonAsync(context, 200, answer);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(new JsonSerializerOptions()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class EmailOperation(string id, string to)
    {
        public string Id { get; } = id;
        public string To { get; } = to;
        private int _polls;

        public int CountPoll() => Interlocked.Increment(ref _polls);
    }
}

public sealed record SentSms(string From, string To, string Message, string RepeatabilityRequestId, string RepeatabilityFirstSent, bool EnableDeliveryReport, string MessageId);

public sealed record SentEmail(string Sender, string To, string Subject, string PlainText, string OperationId);

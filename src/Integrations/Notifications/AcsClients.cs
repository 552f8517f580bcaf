using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Integrations.Notifications;

/// <summary>One SMS recipient with its repeatability (idempotency) id and the time of its first try.</summary>
public sealed record AcsSmsRecipient(string To, Guid RepeatabilityRequestId, DateTimeOffset RepeatabilityFirstSent)
{
    public override string ToString() => $"AcsSmsRecipient {{ RepeatabilityRequestId = {RepeatabilityRequestId} }}";
}

/// <summary>ACS's answer for one recipient: accepted with a message id, or refused with a status code.</summary>
public sealed record AcsSmsResult(string To, string? MessageId, int HttpStatusCode, bool Successful, string? ErrorMessage, string? RepeatabilityResult)
{
    public override string ToString() => $"AcsSmsResult {{ MessageId = {MessageId}, HttpStatusCode = {HttpStatusCode}, Successful = {Successful} }}";
}

/// <summary>
/// ACS SMS over REST: <c>POST {endpoint}/sms?api-version=2021-03-07</c>. A 202 carries one result per recipient,
/// so one request can partly fail; the caller gets every result. Whole-request failures become domain exceptions
/// (429/408/5xx transient with Retry-After, other 4xx permanent). Nothing of the request or the response body
/// reaches an exception message (the body echoes phone numbers).
/// </summary>
public sealed class AcsSmsClient(IHttpClientFactory httpClientFactory, IOptions<AcsOptions> options)
{
    public const string ApiVersion = "2021-03-07";
    internal const string Dependency = "ACS SMS";

    public async Task<IReadOnlyList<AcsSmsResult>> SendAsync(string from, IReadOnlyList<AcsSmsRecipient> recipients, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count is 0 or > 100) throw new ArgumentException("ACS takes 1 to 100 recipients per request.", nameof(recipients));
        var acs = options.Value;
        var request = new SmsSendRequest(
            from,
            recipients.Select(r => new SmsRecipientDto(r.To, r.RepeatabilityRequestId.ToString("D"), r.RepeatabilityFirstSent.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture))).ToList(),
            message,
            new SmsSendOptionsDto(acs.EnableDeliveryReport));

        using var http = httpClientFactory.CreateClient(AcsHttp.ClientName);
        using var response = await AcsHttp.SendAsync(http, Dependency, () => new HttpRequestMessage(HttpMethod.Post, AcsHttp.Resolve(acs, $"sms?api-version={ApiVersion}"))
        {
            Content = JsonContent.Create(request, options: AcsHttp.Json),
        }, cancellationToken);

        if (response.StatusCode != HttpStatusCode.Accepted && response.StatusCode != HttpStatusCode.OK)
            throw AcsHttp.Failure(Dependency, response);
        var body = await response.Content.ReadFromJsonAsync<SmsSendResponse>(AcsHttp.Json, cancellationToken)
                   ?? throw new PermanentDependencyException(Dependency, "empty response body");
        return body.Value.Select(v => new AcsSmsResult(v.To, v.MessageId, v.HttpStatusCode, v.Successful, v.ErrorMessage, v.RepeatabilityResult)).ToList();
    }

    private sealed record SmsSendRequest(string From, List<SmsRecipientDto> SmsRecipients, string Message, SmsSendOptionsDto SmsSendOptions);
    private sealed record SmsRecipientDto(string To, string RepeatabilityRequestId, string RepeatabilityFirstSent);
    private sealed record SmsSendOptionsDto(bool EnableDeliveryReport);
    private sealed record SmsSendResponse(List<SmsSendResponseItem> Value);
    private sealed record SmsSendResponseItem(string To, string? MessageId, int HttpStatusCode, bool Successful, string? ErrorMessage, string? RepeatabilityResult);
}

/// <summary>One plain-text email to one address.</summary>
public sealed record AcsEmail(string To, string Subject, string PlainText)
{
    public override string ToString() => "AcsEmail { }";
}

/// <summary>
/// ACS Email over REST: <c>POST {endpoint}/emails:send?api-version=2023-03-31</c> with an <c>operation-id</c>
/// header (the same id for a repeat of one attempt, so ACS does not send twice), 202 with
/// <c>Operation-Location</c>, then polling it (honouring Retry-After) until Succeeded, Failed or Canceled.
/// A 409 means the operation with that id is already running: it is polled instead.
/// </summary>
public sealed class AcsEmailClient(IHttpClientFactory httpClientFactory, IOptions<AcsOptions> options, TimeProvider time)
{
    public const string ApiVersion = "2023-03-31";
    internal const string Dependency = "ACS Email";

    /// <summary>Sends and waits for the operation; returns the operation id when it succeeded.</summary>
    /// <exception cref="TransientDependencyException">Throttled, a server error, or still running after the poll timeout.</exception>
    /// <exception cref="PermanentDependencyException">Refused, or the operation failed or was cancelled.</exception>
    public async Task<string> SendAsync(AcsEmail email, Guid operationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var acs = options.Value;
        if (string.IsNullOrWhiteSpace(acs.EmailSender)) throw new PermanentDependencyException(Dependency, "no sender address configured (Acs:EmailSender)");
        var request = new EmailSendRequest(
            acs.EmailSender,
            new EmailContentDto(email.Subject, email.PlainText),
            new EmailRecipientsDto([new EmailAddressDto(email.To)]),
            UserEngagementTrackingDisabled: true);
        var id = operationId.ToString("D");

        using var http = httpClientFactory.CreateClient(AcsHttp.ClientName);
        Uri pollUri;
        TimeSpan? wait;
        using (var response = await AcsHttp.SendAsync(http, Dependency, () =>
               {
                   var message = new HttpRequestMessage(HttpMethod.Post, AcsHttp.Resolve(acs, $"./emails:send?api-version={ApiVersion}"))
                   {
                       Content = JsonContent.Create(request, options: AcsHttp.Json),
                   };
                   message.Headers.TryAddWithoutValidation("operation-id", id);
                   return message;
               }, cancellationToken))
        {
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                pollUri = AcsHttp.Resolve(acs, $"emails/operations/{id}?api-version={ApiVersion}");
                wait = null;
            }
            else if (response.StatusCode == HttpStatusCode.Accepted)
            {
                pollUri = ValidatedOperationLocation(acs, response) ?? AcsHttp.Resolve(acs, $"emails/operations/{id}?api-version={ApiVersion}");
                wait = AcsHttp.RetryAfter(response);
                var accepted = await response.Content.ReadFromJsonAsync<EmailOperation>(AcsHttp.Json, cancellationToken);
                if (accepted is not null && Terminal(accepted) is { } done) return done;
            }
            else
            {
                throw AcsHttp.Failure(Dependency, response);
            }
        }

        var started = time.GetTimestamp();
        while (true)
        {
            var delay = wait ?? TimeSpan.FromSeconds(1);
            if (delay > TimeSpan.FromSeconds(10)) delay = TimeSpan.FromSeconds(10);
            if (time.GetElapsedTime(started) + delay > acs.EmailPollTimeout)
                throw new DeliveryOutcomeUnknownException(Dependency, "the email operation is still running", TimeSpan.FromMinutes(1));
            await Task.Delay(delay, time, cancellationToken);

            using var poll = await AcsHttp.SendAsync(http, Dependency, () => new HttpRequestMessage(HttpMethod.Get, pollUri), cancellationToken);
            if (poll.StatusCode != HttpStatusCode.OK) throw AcsHttp.Failure(Dependency, poll);
            var operation = await poll.Content.ReadFromJsonAsync<EmailOperation>(AcsHttp.Json, cancellationToken)
                            ?? throw new PermanentDependencyException(Dependency, "empty operation status");
            if (Terminal(operation) is { } result) return result;
            wait = AcsHttp.RetryAfter(poll);
        }
    }

    private static string? Terminal(EmailOperation operation) => operation.Status switch
    {
        "Succeeded" => operation.Id,
        "Failed" or "Canceled" => throw new PermanentDependencyException(Dependency,
            $"the email operation ended {operation.Status.ToUpperInvariant()}" + (operation.Error?.Code is { } code ? $" ({SafeCode(code)})" : "")),
        _ => null,
    };

    // Error codes are short identifiers; anything else (which could echo an address) is dropped.
    private static string SafeCode(string code) => code.Length <= 64 && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') ? code : "error";

    /// <summary>Operation-Location must point to the configured resource; anything else is ignored.</summary>
    private static Uri? ValidatedOperationLocation(AcsOptions acs, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Operation-Location", out var values)) return null;
        return Uri.TryCreate(values.FirstOrDefault(), UriKind.Absolute, out var uri)
               && string.Equals(uri.Authority, acs.Endpoint!.Authority, StringComparison.OrdinalIgnoreCase)
               && uri.Scheme == acs.Endpoint.Scheme
            ? uri
            : null;
    }

    private sealed record EmailSendRequest(string SenderAddress, EmailContentDto Content, EmailRecipientsDto Recipients, bool UserEngagementTrackingDisabled);
    private sealed record EmailContentDto(string Subject, string PlainText);
    private sealed record EmailRecipientsDto(List<EmailAddressDto> To);
    private sealed record EmailAddressDto(string Address);
    private sealed record EmailOperation(string Id, string Status, EmailError? Error);
    private sealed record EmailError(string? Code, string? Message);
}

/// <summary>HTTP plumbing shared by the ACS clients.</summary>
internal static class AcsHttp
{
    public const string ClientName = "PatientAccess.Acs";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Uri Resolve(AcsOptions acs, string relative)
    {
        var endpoint = acs.Endpoint ?? throw new InvalidOperationException("Acs:Endpoint is not configured.");
        var baseUri = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        return new Uri(baseUri, relative);
    }

    /// <summary>Sends; network failures and timeouts become transient failures (the caller's cancellation stays a cancellation).</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, string dependency, Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        using var request = create();
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryOutcomeUnknownException(dependency, "connection failed", null, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryOutcomeUnknownException(dependency, "request timed out", null, e);
        }
    }

    public static DomainException Failure(string dependency, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var reason = string.Create(CultureInfo.InvariantCulture, $"HTTP {status}");
        if (status == 429) return new TransientDependencyException(dependency, reason, RetryAfter(response));
        return status == 408 || status >= 500
            ? new DeliveryOutcomeUnknownException(dependency, reason, RetryAfter(response))
            : new PermanentDependencyException(dependency, reason);
    }

    /// <summary>Retry-After as seconds or an HTTP date, or retry-after-ms / x-ms-retry-after-ms.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        foreach (var name in new[] { "retry-after-ms", "x-ms-retry-after-ms" })
        {
            if (response.Headers.TryGetValues(name, out var ms) &&
                double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
                return TimeSpan.FromMilliseconds(milliseconds);
        }
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta) return delta;
        if (retryAfter?.Date is { } date)
        {
            var wait = date - (response.Headers.Date ?? DateTimeOffset.UtcNow);
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Common;

namespace PatientAccess.Integrations.Cards;

/// <summary>
/// Reads a card with Azure AI Document Intelligence's prebuilt-healthInsuranceCard.us model over REST: analyze
/// (202 + Operation-Location), then poll honouring Retry-After; 429 and 5xx are retried with backoff; a failed or
/// canceled analysis becomes a <see cref="PermanentDependencyException"/> (or <see cref="CardUnreadableException"/>
/// when the image itself was refused). Time comes from <see cref="TimeProvider"/>.
/// </summary>
public sealed class DocumentIntelligenceCardReader(
    HttpClient http,
    IOptions<DocumentIntelligenceOptions> options,
    TimeProvider time,
    ILogger<DocumentIntelligenceCardReader> logger,
    TokenCredential? credential = null) : ICardReader
{
    public const string Dependency = "Document Intelligence";
    public static readonly string[] Scopes = ["https://cognitiveservices.azure.com/.default"];

    public async Task<InsuranceCard> ReadAsync(ReadOnlyMemory<byte> image, string contentType, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var endpoint = o.Endpoint ?? throw new InvalidOperationException("DocumentIntelligence:Endpoint is not configured.");
        var started = Stopwatch.GetTimestamp();
        var root = o.IsV4 ? "documentintelligence" : "formrecognizer";
        var analyze = new Uri(endpoint, $"{root}/documentModels/{DocumentIntelligenceOptions.ModelId}:analyze?api-version={o.ApiVersion}");
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["base64Source"] = Convert.ToBase64String(image.Span) });

        using var accepted = await SendAsync(() =>
        {
            var req = new HttpRequestMessage(HttpMethod.Post, analyze) { Content = new ByteArrayContent(body) };
            req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return req;
        }, o, cancellationToken);
        if (accepted.StatusCode != HttpStatusCode.Accepted)
        {
            throw await RefusalAsync(accepted, cancellationToken);
        }
        var operation = accepted.Headers.TryGetValues("Operation-Location", out var values) ? values.FirstOrDefault() : null;
        if (!Uri.TryCreate(operation, UriKind.Absolute, out var operationUri))
        {
            throw new PermanentDependencyException(Dependency, "the analyze response had no Operation-Location.");
        }
        if (!string.Equals(operationUri.Authority, endpoint.Authority, StringComparison.OrdinalIgnoreCase))
        {
            // Never send the key or token to another host.
            throw new PermanentDependencyException(Dependency, "the Operation-Location points to a different host than the endpoint.");
        }
        Log.AnalyzeAccepted(logger, o.ApiVersion);

        var deadline = time.GetUtcNow() + o.MaxWait;
        var wait = RetryAfter(accepted) ?? o.PollInterval;
        for (var polls = 1; ; polls++)
        {
            if (time.GetUtcNow() + wait > deadline)
            {
                throw new TransientDependencyException(Dependency, $"the analysis did not finish within {o.MaxWait.TotalSeconds:0} s.");
            }
            await Task.Delay(wait, time, cancellationToken);
            using var poll = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, operationUri), o, cancellationToken);
            if (!poll.IsSuccessStatusCode)
            {
                throw await RefusalAsync(poll, cancellationToken);
            }
            using var doc = await JsonDocument.ParseAsync(await poll.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var status = doc.RootElement.TryGetProperty("status", out var s) ? s.GetString() : null;
            switch (status)
            {
                case "succeeded":
                    var card = DocumentIntelligenceResultMapper.Map(doc.RootElement);
                    Log.AnalyzeSucceeded(logger, card.FieldsRead().Count(), polls, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    return card;
                case "failed":
                case "canceled":
                    throw Failure(status, doc.RootElement.TryGetProperty("error", out var e) ? e : default);
                case "notStarted":
                case "running":
                    wait = RetryAfter(poll) ?? o.PollInterval;
                    break;
                default:
                    throw new PermanentDependencyException(Dependency, "the operation reported an unknown status.");
            }
        }
    }

    /// <summary>Sends with retries on 429, 500, 502, 503, 504 and connection failures, honouring Retry-After.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, DocumentIntelligenceOptions o, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = build();
            await AuthorizeAsync(request, o, cancellationToken);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                if (attempt >= o.MaxRetries) throw new TransientDependencyException(Dependency, "the service could not be reached.", null, e);
                await Task.Delay(Backoff(attempt), time, cancellationToken);
                continue;
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt >= o.MaxRetries) throw new TransientDependencyException(Dependency, "the request timed out.", null, e);
                await Task.Delay(Backoff(attempt), time, cancellationToken);
                continue;
            }
            var code = (int)response.StatusCode;
            if (code is 429 or 500 or 502 or 503 or 504)
            {
                var delay = RetryAfter(response) ?? Backoff(attempt);
                response.Dispose();
                if (attempt >= o.MaxRetries)
                {
                    throw new TransientDependencyException(Dependency, $"the service answered {code} after {attempt + 1} attempts.", delay);
                }
                Log.Throttled(logger, code, (long)delay.TotalMilliseconds, attempt + 1);
                await Task.Delay(delay, time, cancellationToken);
                continue;
            }
            return response;
        }
    }

    private async Task AuthorizeAsync(HttpRequestMessage request, DocumentIntelligenceOptions o, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(o.Key))
        {
            request.Headers.Add("Ocp-Apim-Subscription-Key", o.Key);
            return;
        }
        if (credential is null)
        {
            throw new PermanentDependencyException(Dependency, "neither a key nor an Entra credential is configured.");
        }
        var token = await credential.GetTokenAsync(new TokenRequestContext(Scopes), cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, attempt)));

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var ra = response.Headers.RetryAfter;
        if (ra?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (ra?.Date is { } date)
        {
            var d = date - time.GetUtcNow();
            return d < TimeSpan.Zero ? TimeSpan.Zero : d;
        }
        // Document Intelligence also sends retry-after-ms on some responses.
        if (response.Headers.TryGetValues("retry-after-ms", out var ms) &&
            double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }
        return null;
    }

    private static async Task<Exception> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = (int)response.StatusCode;
        JsonElement error = default;
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var e)) error = e;
        }
        catch (JsonException)
        {
            // no JSON body
        }
        if (code is 401 or 403)
        {
            return new PermanentDependencyException(Dependency, $"access was denied ({code}); check the key or the identity's role (Cognitive Services User).");
        }
        return code == 400 || error.ValueKind == JsonValueKind.Object
            ? Failure($"refused ({code})", error)
            : new PermanentDependencyException(Dependency, $"the service answered {code}.");
    }

    /// <summary>Maps a failed/canceled analysis or a refusal to a domain exception. Service messages are not copied (they may quote content).</summary>
    private static PermanentDependencyException Failure(string? status, JsonElement error)
    {
        var code = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "";
        var inner = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("innererror", out var ie) && ie.TryGetProperty("code", out var ic)
            ? ic.GetString() ?? ""
            : "";
        var detail = inner.Length > 0 ? inner : code;
        return detail switch
        {
            "InvalidContentDimensions" => new CardUnreadableException(Dependency, CardRejectionCode.InvalidDimensions,
                "the image dimensions are outside 50 to 10,000 pixels per side (InvalidContentDimensions)."),
            "InvalidContentLength" => new CardUnreadableException(Dependency, CardRejectionCode.TooLarge, "the image is too large (InvalidContentLength)."),
            "UnsupportedContent" or "InvalidContent" or "InvalidImage" or "InvalidPdf" => new CardUnreadableException(Dependency,
                CardRejectionCode.Corrupt, $"the image could not be read ({detail})."),
            _ when status == "canceled" => new PermanentDependencyException(Dependency, "the analysis was canceled."),
            _ => new PermanentDependencyException(Dependency, $"the analysis {(status == "failed" ? "failed" : status)} with error code {(detail.Length > 0 ? detail : "unknown")}."),
        };
    }
}

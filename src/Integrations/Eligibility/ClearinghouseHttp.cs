using System.Net.Http.Headers;
using System.Text;
using Polly.CircuitBreaker;
using Polly.Timeout;
using PatientAccess.Domain.Common;

namespace PatientAccess.Integrations.Eligibility;

/// <summary>
/// Sends one request through the resilient client and turns HTTP failures into domain exceptions: 5xx, 408, 429,
/// timeouts, connection errors and an open circuit are transient; other 4xx are permanent. Messages carry status
/// codes only.
/// </summary>
internal static class ClearinghouseHttp
{
    public const string Dependency = "clearinghouse";

    public static void Authorize(HttpRequestMessage message, ClearinghouseOptions options)
    {
        if (!string.IsNullOrEmpty(options.BearerToken))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken);
        }
        else if (!string.IsNullOrEmpty(options.Username))
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}"));
            message.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        }
    }

    /// <summary>The response of a successful (2xx) exchange, with its body read; throws the domain exception otherwise.</summary>
    /// <param name="describeFailure">Reads a failed response's body into a reason without data values (e.g. a CORE ErrorCode); may return null.</param>
    /// <param name="dependency">Who is called, for the exception (the clearinghouse, a payer).</param>
    /// <param name="refuse">Turns a 4xx (other than 408/429) into a more precise domain exception; null keeps <see cref="PermanentDependencyException"/>.</param>
    public static async Task<(HttpResponseMessage Response, byte[] Body)> SendAsync(
        HttpClient client,
        HttpRequestMessage message,
        Func<HttpResponseMessage, byte[], string?>? describeFailure,
        CancellationToken cancellationToken,
        string dependency = Dependency,
        Func<HttpResponseMessage, byte[], Exception?>? refuse = null)
    {
        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw new TransientDependencyException(dependency, "no answer within the time budget", inner: e);
        }
        catch (BrokenCircuitException e)
        {
            throw new TransientDependencyException(dependency, "circuit open after repeated failures", e.RetryAfter, e);
        }
        catch (HttpRequestException e)
        {
            throw new TransientDependencyException(dependency, $"connection failed ({e.HttpRequestError})", inner: e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientDependencyException(dependency, "the request timed out", inner: e);
        }

        if (response.IsSuccessStatusCode)
        {
            return (response, body);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var detail = describeFailure?.Invoke(response, body);
            var reason = detail is null ? $"HTTP {status}" : $"HTTP {status} ({detail})";
            if (status >= 500 || status is 408 or 429)
            {
                throw new TransientDependencyException(dependency, reason, response.Headers.RetryAfter?.Delta);
            }
            throw refuse?.Invoke(response, body) ?? new PermanentDependencyException(dependency, reason);
        }
    }
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;

namespace PatientAccess.Integrations.Notifications;

/// <summary>
/// Signs each request with the ACS access key (HMAC-SHA256): x-ms-date, x-ms-content-sha256 (base64 SHA-256 of
/// the body) and Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&amp;Signature=...,
/// where the signature is over "VERB\npath-and-query\ndate;host;content-hash". Each send is signed afresh, so a
/// retry gets a current date.
/// </summary>
public sealed class AcsHmacAuthenticationHandler(string accessKey, TimeProvider time) : DelegatingHandler
{
    private readonly byte[] _key = Convert.FromBase64String(accessKey);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        var date = time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var stringToSign = $"{request.Method.Method.ToUpperInvariant()}\n{uri.PathAndQuery}\n{date};{uri.Authority};{contentHash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

        request.Headers.Remove("x-ms-date");
        request.Headers.Remove("x-ms-content-sha256");
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", contentHash);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "HMAC-SHA256", $"SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// Adds an Entra ID bearer token (scope https://communication.azure.com/.default) from the app's
/// <see cref="TokenCredential"/>, refreshed five minutes before it expires.
/// </summary>
public sealed class AcsTokenAuthenticationHandler(TokenCredential credential, TimeProvider time) : DelegatingHandler
{
    public const string Scope = "https://communication.azure.com/.default";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _token;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = await GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } cached && cached.ExpiresOn > time.GetUtcNow().AddMinutes(5)) return cached.Token;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } again && again.ExpiresOn > time.GetUtcNow().AddMinutes(5)) return again.Token;
            var fresh = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);
            _token = fresh;
            return fresh.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gate.Dispose();
        base.Dispose(disposing);
    }
}

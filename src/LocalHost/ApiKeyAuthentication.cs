using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PatientAccess.LocalHost;

/// <summary>
/// Local stand-in for function keys: every API request must carry the configured key in <c>X-Api-Key</c>
/// (or as <c>Authorization: Bearer &lt;key&gt;</c>). Compared in constant time.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyHolder key)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    /// <summary>True when the request carries a key (header or bearer), whether right or wrong.</summary>
    public static bool IsPresented(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.ContainsKey(Header) || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            var authorization = Request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                presented = authorization["Bearer ".Length..].Trim();
            }
        }
        if (string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key.Value)))
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid API key."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "local-operator"), new Claim(ClaimTypes.Role, "Specialist")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\"";
        await Response.WriteAsJsonAsync(
            new { type = Api.ApiProblems.Unauthorized, title = "An API key is required.", status = 401, detail = $"Send the key in the {Header} header." },
            options: (System.Text.Json.JsonSerializerOptions?)null,
            contentType: "application/problem+json");
    }
}

/// <summary>The key in force: configured, or generated once at start-up.</summary>
public sealed class ApiKeyHolder(string value)
{
    public string Value { get; } = value;

    public bool Generated { get; init; }
}

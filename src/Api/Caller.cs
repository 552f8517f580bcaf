using Microsoft.AspNetCore.Http;

namespace PatientAccess.Api;

/// <summary>Who is calling, for the audit trail: the authenticated principal's name, never a value from the body.</summary>
public static class Caller
{
    /// <summary>
    /// App Service authentication (Entra ID) sets this header on requests it authenticated and strips it from
    /// requests that come in with it, so it is trustworthy behind the platform's authentication.
    /// </summary>
    public const string PlatformPrincipalHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    public static string NameOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return name;
        }
        var platform = context.Request.Headers[PlatformPrincipalHeader].ToString();
        return string.IsNullOrWhiteSpace(platform) ? "function-key-holder" : platform;
    }
}

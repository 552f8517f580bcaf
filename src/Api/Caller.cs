using Microsoft.AspNetCore.Http;

namespace PatientAccess.Api;

/// <summary>
/// Who is calling, for the audit trail: the authenticated principal's name, never a value from the body or a header.
/// A host puts the principal on the context (the LocalHost's API key or development sign-in; the Functions host from
/// App Service authentication's principal header, and only when that authentication is in front of it).
/// </summary>
public static class Caller
{
    /// <summary>The name recorded for a caller who holds a key but no signed-in identity.</summary>
    public const string KeyHolder = "function-key-holder";

    public static string NameOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : KeyHolder;
    }
}

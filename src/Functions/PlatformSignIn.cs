using Microsoft.AspNetCore.Http;
using PatientAccess.Api;

namespace PatientAccess.Functions;

/// <summary>
/// Puts App Service authentication's principal on a request, when that authentication is in front of the app (it
/// strips the principal header from callers' requests). Without it the header is ignored: anyone could send one, so the
/// request stays anonymous; the console then answers 401 and the audit names only a key holder.
/// </summary>
internal static class PlatformSignIn
{
    public static HttpRequest Apply(HttpRequest request, ConsoleHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (options.PlatformAuthentication && request.HttpContext.User.Identity is not { IsAuthenticated: true } &&
            SpecialistAccess.FromPlatformHeader(request) is { } principal)
        {
            request.HttpContext.User = principal;
        }
        return request;
    }
}

using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PatientAccess.Domain.Common;

namespace PatientAccess.Api;

/// <summary>The signed-in specialist, as <c>GET /api/console/me</c> answers.</summary>
public sealed record SpecialistIdentity(string Name, IReadOnlyList<string> Roles);

/// <summary>The caller is not signed in; <see cref="SignIn"/> is where the host signs specialists in.</summary>
public sealed class NotSignedInException(string signIn) : DomainException("Sign in as a specialist first.")
{
    public string SignIn { get; } = signIn;
}

/// <summary>The caller is signed in but does not hold the Specialist role.</summary>
public sealed class NotASpecialistException() : DomainException("This needs the Specialist role.");

/// <summary>
/// Who may use the console operations: a principal with the <see cref="Role"/> role. The host puts the principal on
/// the request before the operation runs: the LocalHost's authentication (development sign-in cookie or API key), the
/// Functions worker from the platform's principal header (<see cref="FromPlatformHeader"/>), which Static Web Apps
/// sets on requests it forwards to its linked backend and strips from requests that come in with it.
/// </summary>
public static class SpecialistAccess
{
    public const string Role = "Specialist";

    /// <summary>
    /// The header App Service authentication sets on requests it authenticated (and strips from requests that come in
    /// with it): base64 JSON, either App Service's form (auth_typ, claims [{typ, val}], name_typ, role_typ) or Static Web
    /// Apps' form (identityProvider, userDetails, userRoles).
    /// </summary>
    public const string PlatformPrincipalHeader = "x-ms-client-principal";

    /// <summary>Where Azure signs specialists in (App Service authentication with Entra ID).</summary>
    public const string PlatformSignIn = "/.auth/login/aad?post_login_redirect_uri=/console/";

    /// <summary>The HttpContext item a host sets to name its own sign-in page (the LocalHost's development sign-in).</summary>
    public const string SignInItem = "PatientAccess.SignIn";

    /// <summary>The request's principal when it may use the console; otherwise the 401 or 403 problem.</summary>
    /// <exception cref="NotSignedInException">No authenticated principal.</exception>
    /// <exception cref="NotASpecialistException">Signed in without the role.</exception>
    public static ClaimsPrincipal Require(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (user.Identity is not { IsAuthenticated: true })
        {
            throw new NotSignedInException(context.Items[SignInItem] as string ?? PlatformSignIn);
        }
        if (!user.IsInRole(Role) && !user.IsInRole(Role.ToLowerInvariant())) throw new NotASpecialistException();
        return user;
    }

    /// <summary>
    /// The principal of the platform header (Static Web Apps' format), or null when there is none or it cannot be
    /// read. Only a host behind the platform may call this: elsewhere anyone can send the header.
    /// </summary>
    public static ClaimsPrincipal? FromPlatformHeader(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[PlatformPrincipalHeader].ToString();
        if (string.IsNullOrEmpty(header) || header.Length > 16 * 1024) return null;
        try
        {
            using var json = JsonDocument.Parse(Convert.FromBase64String(header));
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("claims", out var appServiceClaims) && appServiceClaims.ValueKind == JsonValueKind.Array)
            {
                return FromAppServiceClaims(root, appServiceClaims);
            }
            var name = root.TryGetProperty("userDetails", out var details) && details.ValueKind == JsonValueKind.String ? details.GetString() : null;
            if (string.IsNullOrWhiteSpace(name)) return null;
            var claims = new List<Claim> { new(ClaimTypes.Name, name) };
            if (root.TryGetProperty("userRoles", out var roles) && roles.ValueKind == JsonValueKind.Array)
            {
                foreach (var role in roles.EnumerateArray())
                {
                    if (role.ValueKind != JsonValueKind.String || role.GetString() is not { Length: > 0 } r) continue;
                    // Static Web Apps lower-cases role names; the app role is "Specialist".
                    claims.Add(new Claim(ClaimTypes.Role, string.Equals(r, Role, StringComparison.OrdinalIgnoreCase) ? Role : r));
                }
            }
            var provider = root.TryGetProperty("identityProvider", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : "platform";
            return new ClaimsPrincipal(new ClaimsIdentity(claims, provider, ClaimTypes.Name, ClaimTypes.Role));
        }
        catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>App Service's form: the name claim (name_typ, else "name") and the role claims (role_typ, else "roles").</summary>
    private static ClaimsPrincipal? FromAppServiceClaims(JsonElement root, JsonElement claims)
    {
        var nameType = StringOf(root, "name_typ") ?? "name";
        var roleType = StringOf(root, "role_typ") ?? "roles";
        string? name = null;
        var result = new List<Claim>();
        foreach (var claim in claims.EnumerateArray())
        {
            if (claim.ValueKind != JsonValueKind.Object || StringOf(claim, "typ") is not { } type || StringOf(claim, "val") is not { Length: > 0 } value) continue;
            if (type == nameType || (name is null && type is "preferred_username" or "name")) name = type == nameType ? value : name ?? value;
            if (type == roleType || type == "roles") result.Add(new Claim(ClaimTypes.Role, string.Equals(value, Role, StringComparison.OrdinalIgnoreCase) ? Role : value));
        }
        if (string.IsNullOrWhiteSpace(name)) return null;
        result.Add(new Claim(ClaimTypes.Name, name));
        return new ClaimsPrincipal(new ClaimsIdentity(result, StringOf(root, "auth_typ") ?? "platform", ClaimTypes.Name, ClaimTypes.Role));
    }

    private static string? StringOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The identity the console shows.</summary>
    public static SpecialistIdentity Identity(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new SpecialistIdentity(user.Identity?.Name ?? "(unknown)", user.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList());
    }
}

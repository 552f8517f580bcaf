using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using PatientAccess.Api;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.LocalHost;

/// <summary>
/// The development sign-in of the console (Entra ID's stand-in on this machine): a form that takes a name and signs the
/// browser in as a specialist with a cookie (HttpOnly, SameSite=Strict, 8 hours). It answers only requests from loopback
/// (the LocalHost listens on nothing else); it is not the API key, which stays for machines and scripts. In Azure there
/// is no such page: App Service authentication signs specialists in with Entra ID (docs/deploy.md).
/// </summary>
public static class DevSignIn
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string Path = "/dev/sign-in";
    public const string SignOutPath = "/dev/sign-out";
    public const string CookieName = "PatientAccess.DevSignIn";

    /// <summary>Where the console sends a signed-out specialist (set on every request for <see cref="SpecialistAccess"/>).</summary>
    public const string SignInUrl = Path + "?returnUrl=/console/";

    public static AuthenticationBuilder AddDevSignIn(this AuthenticationBuilder builder) =>
        builder.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = false;
            o.LoginPath = Path;
            // The API answers 401/403 problems itself; no redirects for XHR.
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });

    public static void MapDevSignIn(this IEndpointRouteBuilder endpoints, string host)
    {
        endpoints.MapGet(Path, (HttpContext context) => IsLoopback(context) ? Form(context.Request.Query["returnUrl"], null) : Results.NotFound()).RequireHost(host);
        endpoints.MapPost(Path, async (HttpContext context) =>
        {
            if (!IsLoopback(context)) return Results.NotFound();
            if (!context.Request.HasFormContentType) return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var returnUrl = form["returnUrl"].ToString();
            var errors = new List<PatientAccess.Domain.Common.ValidationError>();
            var name = FieldRules.PayerName.Optional(form["name"].ToString(), "name", errors);
            if (name is null || errors.Count > 0) return Form(returnUrl, "Type your name (letters, digits and spaces).");
            var identity = new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, SpecialistAccess.Role)], Scheme, ClaimTypes.Name, ClaimTypes.Role);
            await context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
            return Results.Redirect(LocalOnly(returnUrl));
        }).RequireHost(host).DisableAntiforgery();
        endpoints.MapPost(SignOutPath, async (HttpContext context) =>
        {
            await context.SignOutAsync(Scheme);
            return Results.Redirect(Path + "?returnUrl=/console/");
        }).RequireHost(host).DisableAntiforgery();
    }

    private static bool IsLoopback(HttpContext context) => context.Connection.RemoteIpAddress is { } a && IPAddress.IsLoopback(a);

    /// <summary>Only a path on this site (no scheme, no "//host"), else the console.</summary>
    private static string LocalOnly(string? url) =>
        url is { Length: > 0 } u && u[0] == '/' && (u.Length == 1 || (u[1] != '/' && u[1] != '\\')) ? u : "/console/";

    private static IResult Form(string? returnUrl, string? error)
    {
        var html = HtmlEncoder.Default;
        var page = $$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Development sign-in · PatientAccess</title><link rel="stylesheet" href="/assets/site.css"></head>
            <body class="console">
            <main class="narrow">
            <h1>Development sign-in</h1>
            <p>This machine has no Entra ID. Sign in as a specialist with any name; the audit records it as the actor.</p>
            {{(error is null ? "" : $"<p class=\"error\" role=\"alert\">{html.Encode(error)}</p>")}}
            <form method="post" action="{{Path}}">
            <input type="hidden" name="returnUrl" value="{{html.Encode(LocalOnly(returnUrl))}}">
            <label for="name">Your name</label>
            <input id="name" name="name" autocomplete="name" required maxlength="60">
            <button type="submit">Sign in as specialist</button>
            </form>
            </main>
            </body>
            </html>
            """;
        return Results.Content(page, "text/html; charset=utf-8");
    }
}

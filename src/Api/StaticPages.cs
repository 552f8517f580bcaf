using System.Collections.Frozen;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace PatientAccess.Api;

/// <summary>One static file as a host answers it.</summary>
public sealed record StaticPage(byte[] Content, string ContentType, bool Cache);

/// <summary>
/// The web pages (patient page, console, API reference): static files embedded in this assembly (src/Api/wwwroot),
/// served the same way by the LocalHost and the Function App, with no asset from a CDN. Page paths map to files:
/// <c>/portal/c/{token}</c> is the patient page (the script reads the token from the address), <c>/console/</c> the
/// worklist, <c>/console/r/{id}</c> a registration, <c>/api/reference</c> the API reference (Scalar's bundle from its
/// package). Every answer carries a strict Content-Security-Policy and <c>Referrer-Policy: no-referrer</c> (the patient
/// link's token must never leave in a Referer).
/// </summary>
public static partial class StaticPages
{
    /// <summary>The route templates the hosts bind (no leading slash, Functions form).</summary>
    public static IReadOnlyList<string> Routes { get; } = ["portal/c/{token}", "console", "console/{*rest}", "assets/{*file}", "api/reference", "api/reference/scalar.js"];

    private static readonly Assembly Own = typeof(StaticPages).Assembly;

    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json; charset=utf-8",
        [".png"] = "image/png",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<byte[]?> ScalarBundle = new(() =>
    {
        var assembly = typeof(Scalar.AspNetCore.ScalarOptions).Assembly;
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith("scalar.js", StringComparison.Ordinal) && !n.EndsWith("aspnetcore.js", StringComparison.Ordinal));
        if (name is null) return null;
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        if (bytes is not [0x1f, 0x8b, ..]) return bytes;
        // The package stores its assets gzip-compressed.
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    });

    /// <summary>The file for a request path, or null (the host answers 404).</summary>
    public static StaticPage? Find(string? path)
    {
        var p = (path ?? "/").TrimEnd('/');
        if (p.Length == 0) p = "/";
        string? file = p switch
        {
            _ when PortalPath().IsMatch(p) => "portal/index.html",
            "/portal" or "/portal/c" => "portal/index.html",
            "/console" => "console/index.html",
            _ when ConsoleRegistrationPath().IsMatch(p) => "console/registration.html",
            "/api/reference" => "reference.html",
            _ when p.StartsWith("/assets/", StringComparison.Ordinal) && SafeAsset().IsMatch(p[8..]) => "assets/" + p[8..],
            _ => null,
        };
        if (p == "/api/reference/scalar.js")
        {
            return ScalarBundle.Value is { } bundle ? new StaticPage(bundle, Types[".js"], Cache: true) : null;
        }
        if (file is null) return null;
        using var stream = Own.GetManifestResourceStream("web/" + file);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var type = Types.TryGetValue(Path.GetExtension(file), out var t) ? t : "application/octet-stream";
        return new StaticPage(copy.ToArray(), type, Cache: file.StartsWith("assets/", StringComparison.Ordinal));
    }

    /// <summary>Serves <paramref name="path"/> (GET or HEAD): the file with its security headers, or a 404 problem.</summary>
    public static IResult Serve(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value;
        var page = Find(path);
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = path?.StartsWith("/api/reference", StringComparison.Ordinal) == true ? ReferencePolicy : PagePolicy;
        if (page is null)
        {
            return ApiProblems.Problem(ApiProblems.NotFound, "Page not found.", null, StatusCodes.Status404NotFound);
        }
        headers.CacheControl = page.Cache ? "public, max-age=300" : "no-store";
        return Results.Bytes(page.Content, page.ContentType);
    }

    /// <summary>Pages: own scripts and styles only; photos go to (and card images come from) the storage account.</summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data: https: http://127.0.0.1:*; " +
        "connect-src 'self' https: http://127.0.0.1:*; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>The reference page: Scalar's bundle sets styles inline.</summary>
    public const string ReferencePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    [GeneratedRegex("^/portal/c/[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex PortalPath();

    [GeneratedRegex("^/console/r/[a-z0-9]{1,64}$")]
    private static partial Regex ConsoleRegistrationPath();

    [GeneratedRegex(@"^[a-z0-9-]+\.(css|js|svg|png)$")]
    private static partial Regex SafeAsset();
}

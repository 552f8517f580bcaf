using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using PatientAccess.Api;

namespace PatientAccess.Functions;

/// <summary>
/// The web pages (patient page, console, API reference) from the files embedded in src/Api, as the LocalHost serves
/// them: one anonymous GET trigger per route of <see cref="StaticPages.Routes"/>. The pages hold no patient data; the
/// patient page's token and the console's sign-in guard the API calls the pages make.
/// </summary>
public sealed class PageFunctions
{
    public const string PortalName = "PagePortal";
    public const string ConsoleName = "PageConsole";
    public const string ConsolePagesName = "PageConsolePages";
    public const string AssetsName = "PageAssets";
    public const string ReferenceName = "PageApiReference";
    public const string ReferenceScriptName = "PageApiReferenceScript";

    [Function(PortalName)]
    public static IResult Portal([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "portal/c/{token}")] HttpRequest request) => Serve(request);

    [Function(ConsoleName)]
    public static IResult Console([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console")] HttpRequest request) => Serve(request);

    [Function(ConsolePagesName)]
    public static IResult ConsolePages([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{*rest}")] HttpRequest request) => Serve(request);

    [Function(AssetsName)]
    public static IResult Assets([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{*file}")] HttpRequest request) => Serve(request);

    [Function(ReferenceName)]
    public static IResult Reference([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reference")] HttpRequest request) => Serve(request);

    [Function(ReferenceScriptName)]
    public static IResult ReferenceScript([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reference/scalar.js")] HttpRequest request) => Serve(request);

    private static IResult Serve(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StaticPages.Serve(request.HttpContext);
    }
}

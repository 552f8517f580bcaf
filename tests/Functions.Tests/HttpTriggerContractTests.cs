using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using PatientAccess.Api;

namespace PatientAccess.Functions.Tests;

/// <summary>The HTTP surface of the worker, read from its attributes: keys required, the same routes as the LocalHost.</summary>
public sealed partial class HttpTriggerContractTests
{
    private static readonly Assembly FunctionsAssembly = typeof(RegistrationFunctions).Assembly;

    [Fact]
    public void HttpTriggers_MachineRoutes_RequireFunctionKeyAndOnlyPagesAreAnonymous()
    {
        var triggers = HttpTriggers().ToList();

        Assert.True(triggers.Count >= ApiRoutes.All.Count, $"found {triggers.Count} HTTP triggers");
        Assert.All(triggers, t =>
        {
            var route = ApiRoutes.All.Single(r => r.Equals(new ApiRoute(t.Trigger.Methods![0].ToLowerInvariant(), t.Trigger.Route!)));
            // Machines need a key; the console is behind App Service authentication (each operation requires the
            // Specialist role), the patient page's token is its capability, the OpenAPI document is public.
            Assert.Equal(route.Access == ApiAccess.Key ? AuthorizationLevel.Function : AuthorizationLevel.Anonymous, t.Trigger.AuthLevel);
        });
        Assert.Contains(triggers, t => t.Trigger.AuthLevel == AuthorizationLevel.Function);
    }

    [Fact]
    public void HttpTriggers_MethodsAndRoutes_EqualTheSharedRouteTable()
    {
        var functions = HttpTriggers()
            .SelectMany(t => (t.Trigger.Methods ?? []).Select(m => new ApiRoute(m.ToLowerInvariant(), t.Trigger.Route ?? string.Empty)))
            .Order(RouteOrder.Instance)
            .ToArray();

        Assert.Equal(ApiRoutes.All.Order(RouteOrder.Instance).ToArray(), functions);
    }

    [Fact]
    public void HttpTriggers_EveryFunction_HasOneMethodAndAnExplicitRoute()
    {
        Assert.All(HttpTriggers(), t =>
        {
            Assert.Single(t.Trigger.Methods ?? []);
            Assert.False(string.IsNullOrEmpty(t.Trigger.Route), $"{t.Name} has no route");
            Assert.False(t.Trigger.Route!.StartsWith('/'), "routes are relative to host.json's routePrefix");
        });
    }

    [Fact]
    public void PageTriggers_Routes_EqualTheLocalHostsPagesAnonymousGet()
    {
        var pages = AllHttpTriggers().Where(t => t.Type == typeof(PageFunctions)).ToList();

        Assert.Equal(StaticPages.Routes.Order(StringComparer.Ordinal), pages.Select(p => p.Trigger.Route!).Order(StringComparer.Ordinal));
        Assert.All(pages, p =>
        {
            Assert.Equal(AuthorizationLevel.Anonymous, p.Trigger.AuthLevel);
            Assert.Equal(["get"], p.Trigger.Methods ?? []);
        });
    }

    /// <summary>
    /// The LocalHost maps the same table. Read from its Program.cs (it cannot be started here without taking
    /// the ports of the running one): literal templates or ApiRoutes constants both count.
    /// </summary>
    [Fact]
    public void LocalHost_MappedRoutes_EqualTheSharedRouteTable()
    {
        var source = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "LocalHost", "Program.cs"));
        var group = GroupPattern().Match(source);
        Assert.True(group.Success, "LocalHost maps the API in one route group");
        var prefix = group.Groups["literal"].Success ? group.Groups["literal"].Value.Trim('/') : ApiRoutes.Prefix;
        Assert.Equal(ApiRoutes.Prefix, prefix);

        var constants = typeof(ApiRoutes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        var mapped = MapPattern().Matches(source)
            .Select(m => new ApiRoute(
                m.Groups["method"].Value.ToLowerInvariant(),
                m.Groups["literal"].Success ? m.Groups["literal"].Value.TrimStart('/') : constants[m.Groups["constant"].Value]))
            .Order(RouteOrder.Instance)
            .ToArray();

        Assert.Equal(ApiRoutes.All.Order(RouteOrder.Instance).ToArray(), mapped);
    }

    /// <summary>The API's triggers, each route as the shared table writes it (without the <c>api/</c> every one starts with).</summary>
    private static IEnumerable<(string Name, HttpTriggerAttribute Trigger)> HttpTriggers() =>
        from t in AllHttpTriggers()
        where t.Type != typeof(PageFunctions)
        select (t.Name, new HttpTriggerAttribute(t.Trigger.AuthLevel, t.Trigger.Methods ?? [])
        {
            Route = t.Trigger.Route is { } route && route.StartsWith(ApiRoutes.Prefix + "/", StringComparison.Ordinal) ? route[(ApiRoutes.Prefix.Length + 1)..] : "(not under api/) " + t.Trigger.Route,
        });

    private static IEnumerable<(Type Type, string Name, HttpTriggerAttribute Trigger)> AllHttpTriggers() =>
        from type in FunctionsAssembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        from parameter in method.GetParameters()
        let trigger = parameter.GetCustomAttribute<HttpTriggerAttribute>()
        where trigger is not null
        select (type, function?.Name ?? method.Name, trigger);

    [GeneratedRegex("""var\s+api\s*=\s*app\.MapGroup\(\s*(?:"(?<literal>[^"]+)"|[^)]*ApiRoutes\.Prefix[^)]*)\)""")]
    private static partial Regex GroupPattern();

    [GeneratedRegex("""\b(?:api|open)\.Map(?<method>Get|Post|Put|Delete|Patch|Options)\(\s*(?:"(?<literal>[^"]+)"|ApiRoutes\.(?<constant>\w+))""")]
    private static partial Regex MapPattern();

    private sealed class RouteOrder : IComparer<ApiRoute>
    {
        public static readonly RouteOrder Instance = new();

        public int Compare(ApiRoute? x, ApiRoute? y) =>
            string.CompareOrdinal($"{x?.Template} {x?.Method}", $"{y?.Template} {y?.Method}");
    }
}

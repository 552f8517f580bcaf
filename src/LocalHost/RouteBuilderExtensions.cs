namespace PatientAccess.LocalHost;

/// <summary>Minimal APIs have MapGet/MapPost/...; OPTIONS (the CloudEvents webhook handshake) needs MapMethods.</summary>
public static class RouteBuilderExtensions
{
    public static RouteHandlerBuilder MapOptions(this IEndpointRouteBuilder endpoints, string pattern, Delegate handler) =>
        endpoints.MapMethods(pattern, [HttpMethods.Options], handler);
}

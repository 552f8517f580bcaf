using Microsoft.OpenApi;
using PatientAccess.Api;

namespace PatientAccess.Functions.Tests;

/// <summary>The generated API description: parses with Microsoft.OpenApi, and holds every route of the table.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public void Document_ParsedWithMicrosoftOpenApi_HasNoErrorsAndEveryRoute()
    {
        var result = Microsoft.OpenApi.OpenApiDocument.Parse(PatientAccess.Api.OpenApiDocument.Text, "json");

        Assert.NotNull(result.Document);
        Assert.True(result.Diagnostic is null || result.Diagnostic.Errors.Count == 0,
            string.Join("; ", result.Diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? []));
        var operations = result.Document!.Paths
            .SelectMany(p => (p.Value.Operations ?? new Dictionary<HttpMethod, OpenApiOperation>()).Select(o => $"{o.Key.Method.ToLowerInvariant()} {p.Key}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(ApiRoutes.All.Select(r => $"{r.Method} /{ApiRoutes.Prefix}/{r.Template}").Order(StringComparer.Ordinal), operations);
    }

    [Fact]
    public void Document_EveryOperation_DescribesItsBodiesAndProblems()
    {
        var document = Microsoft.OpenApi.OpenApiDocument.Parse(PatientAccess.Api.OpenApiDocument.Text, "json").Document!;
        foreach (var route in ApiRoutes.All)
        {
            var operation = document.Paths[$"/{ApiRoutes.Prefix}/{route.Template}"].Operations![new HttpMethod(route.Method.ToUpperInvariant())];
            Assert.False(string.IsNullOrWhiteSpace(operation.OperationId));
            Assert.Equal(route.Request is not null, operation.RequestBody is not null);
            Assert.True(operation.Responses!.ContainsKey(route.Success.ToString(System.Globalization.CultureInfo.InvariantCulture)), $"{route.Method} {route.Template}");
            foreach (var status in route.Problems ?? [])
            {
                Assert.True(operation.Responses.ContainsKey(status.ToString(System.Globalization.CultureInfo.InvariantCulture)), $"{route.Method} {route.Template} {status}");
            }
        }
        Assert.Contains("WorklistPage", document.Components!.Schemas!.Keys);
        Assert.Contains("PortalView", document.Components.Schemas.Keys);
    }
}

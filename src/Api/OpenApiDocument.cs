using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;

namespace PatientAccess.Api;

/// <summary>
/// The OpenAPI 3.1 description of the HTTP API, generated from <see cref="ApiRoutes.All"/> (method, template, access,
/// summary, body types, statuses, query names) and the JSON contract (<see cref="ApiJson.Options"/>: schemas come from
/// the same serializer settings the API answers with). Nothing here is written by hand per operation.
/// </summary>
public static partial class OpenApiDocument
{
    public const string ProblemSchema = "Problem";

    /// <summary>The API's JSON contract, with a resolver of its own (the shared options may not be read-only yet).</summary>
    private static readonly JsonSerializerOptions Contract = new(ApiJson.Options) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    private static readonly Lazy<string> Json = new(() => Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>The document as JSON text (built once).</summary>
    public static string Text => Json.Value;

    /// <summary>Builds the document.</summary>
    public static JsonObject Build()
    {
        var schemas = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var paths = new JsonObject();
        foreach (var group in ApiRoutes.All.GroupBy(r => r.Template))
        {
            var item = new JsonObject();
            foreach (var route in group) item[route.Method] = Operation(route, schemas);
            paths["/" + ApiRoutes.Prefix + "/" + group.Key] = item;
        }
        schemas[ProblemSchema] = ProblemDetails();
        var components = new JsonObject
        {
            ["schemas"] = new JsonObject(schemas.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
            ["securitySchemes"] = new JsonObject
            {
                ["apiKey"] = new JsonObject
                {
                    ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Api-Key",
                    ["description"] = "Locally the LocalHost's API key; in Azure a function key (x-functions-key).",
                },
                ["specialist"] = new JsonObject
                {
                    ["type"] = "apiKey", ["in"] = "cookie", ["name"] = "AppServiceAuthSession",
                    ["description"] = "A signed-in specialist: App Service authentication (Entra ID, app role Specialist) in Azure; the development sign-in locally.",
                },
            },
        };
        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "PatientAccess API",
                ["version"] = typeof(OpenApiDocument).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
                ["description"] = "Pre-registration, clearance status, the specialists' worklist and console, card upload and the patient page. " +
                    "Every client error is an RFC 9457 problem (application/problem+json) with a stable type; validation problems name the fields in errors.",
            },
            ["tags"] = new JsonArray(Enum.GetValues<ApiAccess>().Select(a => (JsonNode)new JsonObject { ["name"] = TagOf(a), ["description"] = DescriptionOf(a) }).ToArray()),
            ["paths"] = paths,
            ["components"] = components,
        };
    }

    private static JsonObject Operation(ApiRoute route, SortedDictionary<string, JsonNode> schemas)
    {
        var operation = new JsonObject
        {
            ["operationId"] = OperationId(route),
            ["summary"] = route.Summary ?? route.Template,
            ["tags"] = new JsonArray(TagOf(route.Access)),
        };
        var parameters = new JsonArray();
        foreach (Match match in PathParameter().Matches(route.Template))
        {
            parameters.Add(new JsonObject { ["name"] = match.Groups[1].Value, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }
        foreach (var name in route.Query ?? [])
        {
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "query", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "string" } });
        }
        if (parameters.Count > 0) operation["parameters"] = parameters;
        if (route.Request is { } request)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Reference(request, schemas) } },
            };
        }
        var responses = new JsonObject();
        var success = new JsonObject { ["description"] = route.Success == 202 ? "Accepted" : "OK" };
        if (route.Response is { } response)
        {
            success["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Reference(response, schemas) } };
        }
        responses[route.Success.ToString(System.Globalization.CultureInfo.InvariantCulture)] = success;
        foreach (var status in (route.Problems ?? []).Distinct().Order())
        {
            responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["description"] = ProblemDescription(status),
                ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/" + ProblemSchema } } },
            };
        }
        operation["responses"] = responses;
        operation["security"] = route.Access switch
        {
            ApiAccess.Key => new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() }),
            ApiAccess.Specialist => new JsonArray(new JsonObject { ["specialist"] = new JsonArray() }, new JsonObject { ["apiKey"] = new JsonArray() }),
            _ => new JsonArray(),
        };
        return operation;
    }

    /// <summary>A $ref to the type's schema in components, adding it (and its JSON contract) the first time.</summary>
    private static JsonObject Reference(Type type, SortedDictionary<string, JsonNode> schemas)
    {
        var name = SchemaName(type);
        if (!schemas.ContainsKey(name))
        {
            var schema = JsonSchemaExporter.GetJsonSchemaAsNode(Contract, type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
            RebaseReferences(schema, "#/components/schemas/" + name);
            schemas[name] = schema;
        }
        return new JsonObject { ["$ref"] = "#/components/schemas/" + name };
    }

    /// <summary>The exporter's references point into the schema itself ("#/..."); in components they must start at the schema's place.</summary>
    private static void RebaseReferences(JsonNode? node, string at)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var target) && target.StartsWith('#'))
                    {
                        obj["$ref"] = at + target[1..];
                    }
                    else
                    {
                        RebaseReferences(value, at);
                    }
                }
                break;
            case JsonArray array:
                foreach (var value in array) RebaseReferences(value, at);
                break;
        }
    }

    private static string SchemaName(Type type)
    {
        if (type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
        {
            return SchemaName(element) + "List";
        }
        return type.Name;
    }

    private static string OperationId(ApiRoute route)
    {
        var words = route.Template.Split('/', '-').Where(w => w.Length > 0 && !w.StartsWith('{'))
            .Select(w => char.ToUpperInvariant(w[0]) + w[1..].Replace(".json", "", StringComparison.Ordinal));
        var hasId = route.Template.Contains('{', StringComparison.Ordinal);
        return route.Method + string.Concat(words) + (hasId && !route.Template.EndsWith('}') ? "" : hasId ? "ById" : "");
    }

    private static JsonObject ProblemDetails() => new()
    {
        ["type"] = "object",
        ["description"] = "RFC 9457 problem details. type is a stable https://patientaccess.dev/problems/... URI; errors (validation) maps field paths to messages.",
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string", ["format"] = "uri" },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["status"] = new JsonObject { ["type"] = "integer" },
            ["detail"] = new JsonObject { ["type"] = "string" },
            ["errors"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } } },
            ["signIn"] = new JsonObject { ["type"] = "string", ["description"] = "401 only: where to sign in." },
        },
        ["required"] = new JsonArray("type", "title", "status"),
    };

    private static string ProblemDescription(int status) => status switch
    {
        400 => "A field or parameter is invalid (validation or malformed-request)",
        401 => "Not signed in / no key (unauthorized)",
        403 => "Signed in without the Specialist role (forbidden)",
        404 => "No such registration (not-found)",
        409 => "Nothing open to resolve, changed concurrently, or the clearance is finished",
        410 => "The patient link expired, was revoked or never existed (link-expired)",
        413 => "The body is too large (payload-too-large)",
        415 => "The body is not JSON (unsupported-media-type)",
        422 => "The Idempotency-Key was reused with another body",
        429 => "Too many requests; see Retry-After (too-many-requests)",
        _ => "Problem",
    };

    private static string TagOf(ApiAccess access) => access switch
    {
        ApiAccess.Key => "Machines (API key)",
        ApiAccess.Specialist => "Specialist console",
        ApiAccess.PatientLink => "Patient page",
        _ => "Public",
    };

    private static string DescriptionOf(ApiAccess access) => access switch
    {
        ApiAccess.Key => "Scheduling systems and operators: a function key in Azure, the API key locally.",
        ApiAccess.Specialist => "A signed-in specialist; every view of a patient's data is audited.",
        ApiAccess.PatientLink => "The token of a patient's message link is the capability; rate-limited; answers only for its one registration.",
        _ => "No PHI.",
    };

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex PathParameter();
}

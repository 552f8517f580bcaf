using System.Text.Json.Nodes;

namespace PatientAccess.Infra.Tests;

/// <summary>Read access to a compiled ARM template, including the templates of nested module deployments.</summary>
public sealed class ArmTemplate(JsonObject root)
{
    public JsonObject Root { get; } = root;

    public JsonObject Parameters => Root["parameters"] as JsonObject ?? [];

    public JsonObject Outputs => Root["outputs"] as JsonObject ?? [];

    /// <summary>Resources declared directly in this template (languageVersion 2.0 keeps them in an object).</summary>
    public IEnumerable<JsonObject> OwnResources =>
        Root["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject map => map.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };

    /// <summary>Templates of the nested deployments (Bicep modules) declared here.</summary>
    public IEnumerable<ArmTemplate> Modules =>
        OwnResources
            .Where(r => Type(r) == "Microsoft.Resources/deployments")
            .Select(r => r["properties"]?["template"])
            .OfType<JsonObject>()
            .Select(t => new ArmTemplate(t));

    /// <summary>This template and every nested one, depth first.</summary>
    public IEnumerable<ArmTemplate> SelfAndModules => new[] { this }.Concat(Modules.SelectMany(m => m.SelfAndModules));

    /// <summary>Every resource that will be deployed (not 'existing' references, not the deployments themselves), across nesting.</summary>
    public IEnumerable<JsonObject> AllResources =>
        SelfAndModules.SelectMany(t => t.OwnResources)
            .Where(r => Type(r) != "Microsoft.Resources/deployments" && r["existing"]?.GetValue<bool>() != true);

    public IEnumerable<JsonObject> ResourcesOfType(string type) =>
        AllResources.Where(r => string.Equals(Type(r), type, StringComparison.OrdinalIgnoreCase));

    public static string Type(JsonObject resource) => resource["type"]?.GetValue<string>() ?? string.Empty;

    public static string Name(JsonObject resource) => resource["name"]?.GetValue<string>() ?? string.Empty;

    /// <summary>Value at a dotted path under the resource ("properties.minimumTlsVersion"), or null.</summary>
    public static JsonNode? At(JsonObject resource, string path)
    {
        JsonNode? node = resource;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node;
    }

    public JsonObject Variables => Root["variables"] as JsonObject ?? [];

    /// <summary>The direct module deployments of this template with their compiled templates.</summary>
    public IEnumerable<(JsonObject Deployment, ArmTemplate Template)> ModuleDeployments =>
        OwnResources
            .Where(r => Type(r) == "Microsoft.Resources/deployments" && r["properties"]?["template"] is JsonObject)
            .Select(r => (r, new ArmTemplate((JsonObject)r["properties"]!["template"]!)));

    /// <summary>The single direct module whose own resources include one of the given type.</summary>
    public (JsonObject Deployment, ArmTemplate Template) ModuleDeploying(string resourceType) =>
        ModuleDeployments.Single(m => m.Template.OwnResources.Any(r => string.Equals(Type(r), resourceType, StringComparison.OrdinalIgnoreCase) && r["existing"]?.GetValue<bool>() != true));

    /// <summary>
    /// Follows a value through one module boundary to a literal where it can: a module parameter
    /// reference becomes what the parent passes, which may be the parent's parameter default or
    /// variable. Returns null when the value is only known at deployment (an output, a function).
    /// </summary>
    public string? Resolve(JsonObject deployment, string? moduleValue)
    {
        if (moduleValue is null || !moduleValue.StartsWith('['))
        {
            return moduleValue;
        }

        var parameter = ExpressionArgument(moduleValue, "parameters");
        if (parameter is null)
        {
            return null;
        }

        var passed = deployment["properties"]?["parameters"]?[parameter]?["value"];
        if (passed is not JsonValue passedValue || !passedValue.TryGetValue<string>(out var text))
        {
            return null;
        }

        if (!text.StartsWith('['))
        {
            return text;
        }

        if (ExpressionArgument(text, "parameters") is { } parentParameter)
        {
            return Parameters[parentParameter]?["defaultValue"] is JsonValue d && d.TryGetValue<string>(out var dv) ? dv : null;
        }

        if (ExpressionArgument(text, "variables") is { } parentVariable)
        {
            return Variables[parentVariable] is JsonValue v && v.TryGetValue<string>(out var vv) ? vv : null;
        }

        return null;
    }

    private static string? ExpressionArgument(string expression, string function)
    {
        var prefix = $"[{function}('";
        return expression.StartsWith(prefix, StringComparison.Ordinal) && expression.EndsWith("')]", StringComparison.Ordinal)
            ? expression[prefix.Length..^3]
            : null;
    }

    public override string ToString() => Root.ToJsonString();
}

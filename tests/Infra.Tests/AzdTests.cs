using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PatientAccess.Infra.Tests;

/// <summary>azure.yaml, main.parameters.json, the hook and main.bicep's outputs fit together for `azd up`.</summary>
[Collection(CompiledInfraGroup.Name)]
public sealed partial class AzdTests(CompiledInfra infra)
{
    [Fact]
    public void Main_TargetsSubscription_AndCreatesTheResourceGroup()
    {
        Assert.Contains("subscriptionDeploymentTemplate.json", infra.Main.Root["$schema"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(infra.Main.OwnResources, r => ArmTemplate.Type(r) == "Microsoft.Resources/resourceGroups");
    }

    [Fact]
    public void Main_Outputs_AreUpperSnake()
    {
        Assert.NotEmpty(infra.Main.Outputs);
        Assert.All(infra.Main.Outputs, o => Assert.Matches(UpperSnake(), o.Key));
    }

    [Fact]
    public void AzureYaml_DeploysFunctionsProjectAsServiceApi()
    {
        var yaml = File.ReadAllLines(Path.Combine(RepoPaths.Root, "azure.yaml")).Select(l => l.TrimEnd()).ToList();
        var services = yaml.IndexOf("services:");
        Assert.True(services >= 0, "azure.yaml has no services section");
        var api = yaml.IndexOf("  api:", services);
        Assert.True(api > services, "azure.yaml has no service 'api'");
        var block = yaml.Skip(api + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();

        Assert.Contains("project: ./src/Functions", block);
        Assert.Contains("language: dotnet", block);
        Assert.Contains("host: function", block);
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "src", "Functions", "Functions.csproj")));
        Assert.Contains("  path: infra", yaml);
        Assert.Contains("  module: main", yaml);
    }

    [Fact]
    public void ParametersFile_MapsAzdVariables_ToParametersMainDeclares()
    {
        var file = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Infra, "main.parameters.json")))!;
        var given = file["parameters"]!.AsObject();
        var declared = infra.Main.Parameters;

        Assert.All(given, p => Assert.True(declared.ContainsKey(p.Key), $"main.parameters.json sets unknown parameter {p.Key}"));
        var required = declared.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key);
        Assert.All(required, name => Assert.True(given.ContainsKey(name), $"required parameter {name} is not in main.parameters.json"));
        Assert.Equal("${AZURE_ENV_NAME}", given["environmentName"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_LOCATION}", given["location"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_PRINCIPAL_ID}", given["principalId"]!["value"]!.GetValue<string>());
        // Secrets never come through the parameters file.
        Assert.DoesNotContain("clearinghousePassword", given.Select(p => p.Key));
    }

    [Fact]
    public void PostdeployHook_UsesOnlyOutputsMainDeclares()
    {
        var yaml = File.ReadAllText(Path.Combine(RepoPaths.Root, "azure.yaml"));
        Assert.Contains("run: ./scripts/postdeploy.sh", yaml, StringComparison.Ordinal);
        var script = File.ReadAllText(Path.Combine(RepoPaths.Root, "scripts", "postdeploy.sh"));

        var used = RequiredVariable().Matches(script).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.True(infra.Main.Outputs.ContainsKey(name), $"the hook needs {name}, which main.bicep does not output"));
        Assert.Contains("infra/app/blob-event-subscription.bicep", script, StringComparison.Ordinal);
        Assert.Contains("BLOB_EVENT_SUBSCRIPTION_ENABLED true", script, StringComparison.Ordinal);
        var parameters = File.ReadAllText(Path.Combine(RepoPaths.Infra, "main.parameters.json"));
        Assert.Contains("${BLOB_EVENT_SUBSCRIPTION_ENABLED=false}", parameters, StringComparison.Ordinal);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex UpperSnake();

    [GeneratedRegex(@"\$\{([A-Z_]+):\?")]
    private static partial Regex RequiredVariable();
}

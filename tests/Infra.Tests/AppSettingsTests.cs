using System.Text.Json.Nodes;

namespace PatientAccess.Infra.Tests;

/// <summary>
/// infra/app-settings.json is the one list of configuration keys: the code reads these names, the
/// README table lists them, and the Bicep app settings must set each one (or it has a default).
/// </summary>
[Collection(CompiledInfraGroup.Name)]
public sealed class AppSettingsTests(CompiledInfra infra)
{
    private static readonly JsonObject Catalog =
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Infra, "app-settings.json")))!;

    private IReadOnlyDictionary<string, string> BicepSettings => SecurityPosture.CollectAppSettings(infra.Main, out _);

    [Fact]
    public void Catalog_EachEntry_HasDescriptionHostsAndDefault()
    {
        Assert.NotEmpty(Catalog);
        foreach (var (name, entry) in Catalog)
        {
            Assert.False(string.IsNullOrWhiteSpace(entry?["description"]?.GetValue<string>()), $"{name}: description");
            var hosts = entry!["hosts"] as JsonArray;
            Assert.True(hosts is { Count: > 0 }, $"{name}: hosts");
            Assert.All(hosts!, h => Assert.Contains(h!.GetValue<string>(), new[] { "Functions", "LocalHost" }));
            Assert.True(entry.AsObject().ContainsKey("default"), $"{name}: default (null when there is none)");
        }
    }

    [Fact]
    public void Catalog_EveryKey_IsSetByBicepOrHasDefault()
    {
        var settings = BicepSettings;
        var missing = Catalog
            .Where(e => !settings.ContainsKey(e.Key) && e.Value?["default"] is null)
            .Select(e => e.Key)
            .ToList();

        Assert.True(missing.Count == 0, "Not set by Bicep and without a default: " + string.Join(", ", missing));
    }

    [Fact]
    public void Catalog_FunctionsKeys_AreAllSetByBicep()
    {
        // Stricter than the rule above: in Azure nothing the Functions host reads is left to a code default.
        var settings = BicepSettings;
        var missing = Catalog
            .Where(e => e.Value!["hosts"]!.AsArray().Any(h => h!.GetValue<string>() == "Functions") && !settings.ContainsKey(e.Key))
            .Select(e => e.Key)
            .ToList();

        Assert.True(missing.Count == 0, "Functions settings missing from Bicep: " + string.Join(", ", missing));
    }

    [Fact]
    public void Bicep_EveryAppSetting_IsInCatalog()
    {
        var unknown = BicepSettings.Keys.Where(k => !Catalog.ContainsKey(k)).ToList();

        Assert.True(unknown.Count == 0, "Set by Bicep but not in infra/app-settings.json: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Bicep_LiteralValues_MatchCatalogDefaults()
    {
        var (deployment, module) = infra.Main.ModuleDeploying("Microsoft.Web/sites/config");
        var config = Assert.Single(module.OwnResources, r => ArmTemplate.Type(r) == "Microsoft.Web/sites/config" && ArmTemplate.Name(r).Contains("'appsettings'", StringComparison.Ordinal));
        var compared = 0;
        foreach (var (name, value) in ArmTemplate.At(config, "properties")!.AsObject())
        {
            var resolved = infra.Main.Resolve(deployment, value?.GetValue<string>());
            var documented = Catalog[name]?["default"];
            if (resolved is null || documented is null)
            {
                continue;
            }

            Assert.True(documented.GetValue<string>() == resolved, $"{name}: Bicep gives '{resolved}', app-settings.json documents '{documented}'");
            compared++;
        }

        // credential x2, API version, SMS sender, clearinghouse mode, schedule, AI auth string.
        Assert.True(compared >= 7, $"only {compared} defaults could be compared");
    }

    [Fact]
    public void Bicep_IdentitySettings_HaveTheExpectedValues()
    {
        var settings = BicepSettings;

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("managedidentity", settings["CardStorage__credential"]);
        Assert.Equal("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", settings["Clearinghouse__Username"], StringComparison.Ordinal);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", settings["Clearinghouse__Password"], StringComparison.Ordinal);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Empty(SecurityPosture.AppSettings(infra.Main));
    }

    [Fact]
    public void Bicep_ClearinghouseSecrets_ReferenceDistinctVersionlessSecrets()
    {
        var (deployment, _) = infra.Main.ModuleDeploying("Microsoft.Web/sites/config");
        var names = deployment["properties"]!["parameters"]!["clearinghouseSecretNames"]!["value"]!.ToString();
        var secretNames = infra.Main.Variables["clearinghouseSecretNames"]!.AsObject();

        Assert.Contains("clearinghouseSecretNames", names, StringComparison.Ordinal);
        Assert.Equal("clearinghouse-username", secretNames["username"]!.GetValue<string>());
        Assert.Equal("clearinghouse-password", secretNames["password"]!.GetValue<string>());
        // SecretUri={vault}secrets/{name} with no version segment: rotation needs no redeploy.
        Assert.EndsWith("secrets/{1})', parameters('keyVaultUri'), parameters('clearinghouseSecretNames').password)]", BicepSettings["Clearinghouse__Password"], StringComparison.Ordinal);
    }

    [Fact]
    public void DeployDoc_ConfigurationTable_MatchesCatalog()
    {
        var rows = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "deploy.md"))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length >= 5 && cells[3].Split(", ").All(h => h is "Functions" or "LocalHost"))
            .ToDictionary(cells => cells[1].Trim('`'), cells => (Default: cells[2], Hosts: cells[3]));

        Assert.Equal(Catalog.Select(e => e.Key).Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, entry) in Catalog)
        {
            var documented = entry!["default"]?.GetValue<string>() switch
            {
                null => "(none)",
                "" => "(empty)",
                var value => $"`{value}`",
            };
            Assert.Equal(documented, rows[name].Default);
            Assert.Equal(string.Join(", ", entry["hosts"]!.AsArray().Select(h => h!.GetValue<string>())), rows[name].Hosts);
        }
    }
}

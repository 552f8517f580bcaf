using System.Text.Json.Nodes;

namespace PatientAccess.Infra.Tests;

/// <summary>
/// The deployment's security posture as rules over compiled ARM JSON. Each rule returns what it
/// found wrong; the tests assert the real templates yield nothing and a deliberately insecure
/// template yields the expected findings, so a rule that cannot fail is caught too.
/// </summary>
public static class SecurityPosture
{
    /// <summary>Text that only ever appears in a credential or an expression that reads one.</summary>
    private static readonly string[] SecretMarkers =
    [
        "AccountKey=",
        "SharedAccessKey",
        "SharedAccessSignature",
        "AccessKey=",
        "primaryKey",
        "primaryMasterKey",
        "listKeys(",
        "listConnectionStrings(",
        "listAccountSas(",
        "listServiceSas(",
    ];

    /// <summary>Setting names that hold a credential; their value must be a Key Vault reference.</summary>
    private static readonly string[] CredentialNameParts = ["Password", "Secret", "Username", "ApiKey", "AccessKey"];

    public static IReadOnlyList<string> Violations(ArmTemplate template)
    {
        var found = new List<string>();
        found.AddRange(Storage(template));
        found.AddRange(FunctionApps(template));
        found.AddRange(DataServices(template));
        found.AddRange(RoleAssignmentNames(template));
        found.AddRange(AppSettings(template));
        found.AddRange(KeyListing(template));
        return found;
    }

    public static IEnumerable<string> Storage(ArmTemplate template)
    {
        foreach (var account in template.ResourcesOfType("Microsoft.Storage/storageAccounts"))
        {
            var name = ArmTemplate.Name(account);
            if (!IsFalse(account, "properties.allowSharedKeyAccess"))
            {
                yield return $"storage {name}: allowSharedKeyAccess must be false";
            }

            if (!Is(account, "properties.minimumTlsVersion", "TLS1_2"))
            {
                yield return $"storage {name}: minimumTlsVersion must be TLS1_2";
            }

            if (!IsFalse(account, "properties.allowBlobPublicAccess"))
            {
                yield return $"storage {name}: allowBlobPublicAccess must be false";
            }

            if (!IsTrue(account, "properties.supportsHttpsTrafficOnly"))
            {
                yield return $"storage {name}: supportsHttpsTrafficOnly must be true";
            }
        }

        foreach (var container in template.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers"))
        {
            var access = ArmTemplate.At(container, "properties.publicAccess");
            if (access is not null && !Is(container, "properties.publicAccess", "None"))
            {
                yield return $"container {ArmTemplate.Name(container)}: publicAccess must be None";
            }
        }
    }

    public static IEnumerable<string> FunctionApps(ArmTemplate template)
    {
        foreach (var site in template.ResourcesOfType("Microsoft.Web/sites"))
        {
            var name = ArmTemplate.Name(site);
            if (!IsTrue(site, "properties.httpsOnly"))
            {
                yield return $"site {name}: httpsOnly must be true";
            }

            var identity = ArmTemplate.At(site, "identity.type")?.GetValue<string>() ?? string.Empty;
            if (!identity.Contains("SystemAssigned", StringComparison.Ordinal))
            {
                yield return $"site {name}: needs a system-assigned identity";
            }

            if (!Is(site, "properties.siteConfig.minTlsVersion", "1.2"))
            {
                yield return $"site {name}: siteConfig.minTlsVersion must be 1.2";
            }

            if (!Is(site, "properties.siteConfig.ftpsState", "Disabled"))
            {
                yield return $"site {name}: FTP must be disabled";
            }
        }
    }

    public static IEnumerable<string> DataServices(ArmTemplate template)
    {
        foreach (var cosmos in template.ResourcesOfType("Microsoft.DocumentDB/databaseAccounts"))
        {
            if (!IsTrue(cosmos, "properties.disableLocalAuth"))
            {
                yield return $"cosmos {ArmTemplate.Name(cosmos)}: disableLocalAuth must be true";
            }
        }

        foreach (var account in template.ResourcesOfType("Microsoft.CognitiveServices/accounts"))
        {
            if (!IsTrue(account, "properties.disableLocalAuth"))
            {
                yield return $"cognitive services {ArmTemplate.Name(account)}: disableLocalAuth must be true";
            }
        }

        foreach (var vault in template.ResourcesOfType("Microsoft.KeyVault/vaults"))
        {
            var name = ArmTemplate.Name(vault);
            if (!IsTrue(vault, "properties.enableRbacAuthorization"))
            {
                yield return $"key vault {name}: enableRbacAuthorization must be true";
            }

            if (!IsTrue(vault, "properties.enablePurgeProtection"))
            {
                yield return $"key vault {name}: enablePurgeProtection must be true";
            }

            if (!IsTrue(vault, "properties.enableSoftDelete"))
            {
                yield return $"key vault {name}: enableSoftDelete must be true";
            }
        }

        foreach (var component in template.ResourcesOfType("Microsoft.Insights/components"))
        {
            if (!IsTrue(component, "properties.DisableLocalAuth"))
            {
                yield return $"application insights {ArmTemplate.Name(component)}: DisableLocalAuth must be true";
            }
        }
    }

    public static IEnumerable<string> RoleAssignmentNames(ArmTemplate template)
    {
        foreach (var assignment in template.ResourcesOfType("Microsoft.Authorization/roleAssignments"))
        {
            var name = ArmTemplate.Name(assignment);
            if (!name.StartsWith("[guid(", StringComparison.Ordinal))
            {
                yield return $"role assignment {name}: name must be guid(...)";
            }
        }

        foreach (var assignment in template.ResourcesOfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"))
        {
            var name = ArmTemplate.Name(assignment);
            if (!name.Contains("guid(", StringComparison.Ordinal))
            {
                yield return $"cosmos role assignment {name}: name must be guid(...)";
            }
        }
    }

    /// <summary>Every app setting of every function app, from siteConfig.appSettings and sites/config 'appsettings'.</summary>
    public static IReadOnlyDictionary<string, string> CollectAppSettings(ArmTemplate template, out IReadOnlyList<string> duplicates)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var fromConfig = new Dictionary<string, string>(StringComparer.Ordinal);
        var dupes = new List<string>();
        foreach (var config in template.ResourcesOfType("Microsoft.Web/sites/config"))
        {
            if (!ArmTemplate.Name(config).Contains("'appsettings'", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (key, value) in ArmTemplate.At(config, "properties") as JsonObject ?? [])
            {
                if (!fromConfig.TryAdd(key, value?.ToString() ?? string.Empty))
                {
                    dupes.Add(key);
                }
            }
        }

        foreach (var site in template.ResourcesOfType("Microsoft.Web/sites"))
        {
            foreach (var entry in (ArmTemplate.At(site, "properties.siteConfig.appSettings") as JsonArray ?? []).OfType<JsonObject>())
            {
                var key = entry["name"]?.GetValue<string>() ?? string.Empty;
                settings[key] = entry["value"]?.ToString() ?? string.Empty;
            }
        }

        // sites/config replaces the whole collection at deployment, so it wins.
        foreach (var (key, value) in fromConfig)
        {
            settings[key] = value;
        }

        duplicates = dupes;
        return settings;
    }

    public static IEnumerable<string> AppSettings(ArmTemplate template)
    {
        var settings = CollectAppSettings(template, out var duplicates);
        foreach (var duplicate in duplicates)
        {
            yield return $"app setting {duplicate}: set twice";
        }

        foreach (var (key, value) in settings)
        {
            foreach (var marker in SecretMarkers)
            {
                if (value.Contains(marker, StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"app setting {key}: carries a key ({marker})";
                }
            }

            if (key.EndsWith("__credential", StringComparison.Ordinal) && value != "managedidentity")
            {
                yield return $"app setting {key}: must be managedidentity";
            }

            if (key is "AzureWebJobsStorage" or "AzureWebJobsDashboard" || key.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"app setting {key}: connection strings are not allowed, use {key}__accountName or __serviceUri with __credential";
            }

            if (CredentialNameParts.Any(part => key.Contains(part, StringComparison.OrdinalIgnoreCase))
                && !value.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal)
                && !value.StartsWith("[format('@Microsoft.KeyVault(", StringComparison.Ordinal))
            {
                yield return $"app setting {key}: a credential must be a Key Vault reference";
            }
        }

        // A connection named by endpoint must say how it authenticates.
        var identityPrefixes = settings.Keys
            .Where(k => k.EndsWith("__accountName", StringComparison.Ordinal)
                        || k.EndsWith("ServiceUri", StringComparison.Ordinal)
                        || k.EndsWith("__serviceUri", StringComparison.Ordinal))
            .Select(k => k[..k.LastIndexOf("__", StringComparison.Ordinal)])
            .Distinct(StringComparer.Ordinal);
        foreach (var prefix in identityPrefixes)
        {
            if (!settings.TryGetValue(prefix + "__credential", out var credential) || credential != "managedidentity")
            {
                yield return $"connection {prefix}: needs {prefix}__credential = managedidentity";
            }
        }

        if (settings.ContainsKey("APPLICATIONINSIGHTS_CONNECTION_STRING")
            && (!settings.TryGetValue("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", out var auth) || !auth.StartsWith("Authorization=AAD", StringComparison.Ordinal)))
        {
            yield return "APPLICATIONINSIGHTS_CONNECTION_STRING needs APPLICATIONINSIGHTS_AUTHENTICATION_STRING = Authorization=AAD";
        }
    }

    /// <summary>
    /// Key listing is allowed in two places only, both Event Grid webhook URLs that never leave Azure: the
    /// blob trigger's (the host's blobs_extension system key) and the inbound SMS endpoint's (the key of
    /// that one function, never a host key).
    /// </summary>
    public static IEnumerable<string> KeyListing(ArmTemplate template)
    {
        foreach (var resource in template.AllResources)
        {
            var isBlobWebhook = string.Equals(ArmTemplate.Type(resource), "Microsoft.EventGrid/systemTopics/eventSubscriptions", StringComparison.OrdinalIgnoreCase);
            var text = resource.ToJsonString();
            foreach (var marker in SecretMarkers.Where(m => m.StartsWith("list", StringComparison.Ordinal)))
            {
                if (!text.Contains(marker, StringComparison.Ordinal))
                {
                    continue;
                }

                var endpoint = ArmTemplate.At(resource, "properties.destination.properties.endpointUrl")?.ToString() ?? string.Empty;
                var allowed = isBlobWebhook && (endpoint.Contains("systemKeys.blobs_extension", StringComparison.Ordinal) ||
                    (endpoint.Contains("/api/notifications/inbound?code=", StringComparison.Ordinal) && endpoint.Contains("/functions/", StringComparison.Ordinal) &&
                     !endpoint.Contains("/host/", StringComparison.Ordinal)));
                if (!allowed)
                {
                    yield return $"{ArmTemplate.Type(resource)} {ArmTemplate.Name(resource)}: reads keys ({marker})";
                }
            }
        }

        foreach (var output in template.SelfAndModules.SelectMany(t => t.Outputs))
        {
            var text = output.Value?.ToJsonString() ?? string.Empty;
            if (SecretMarkers.Any(m => text.Contains(m, StringComparison.Ordinal)))
            {
                yield return $"output {output.Key}: exposes a key";
            }
        }
    }

    private static bool IsTrue(JsonObject resource, string path) =>
        ArmTemplate.At(resource, path) is JsonValue value && value.TryGetValue<bool>(out var b) && b;

    private static bool IsFalse(JsonObject resource, string path) =>
        ArmTemplate.At(resource, path) is JsonValue value && value.TryGetValue<bool>(out var b) && !b;

    private static bool Is(JsonObject resource, string path, string expected) =>
        ArmTemplate.At(resource, path) is JsonValue value && value.TryGetValue<string>(out var s) && s == expected;
}

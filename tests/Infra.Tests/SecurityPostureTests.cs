namespace PatientAccess.Infra.Tests;

[Collection(CompiledInfraGroup.Name)]
public sealed class SecurityPostureTests(CompiledInfra infra)
{
    [Fact]
    public void Main_CompiledWithAllModules_HasNoPostureViolations()
    {
        var violations = SecurityPosture.Violations(infra.Main);

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void Main_CompiledWithAllModules_ContainsEveryGuardedResourceType()
    {
        // The rules only look at what exists; make sure each guarded kind is actually there.
        string[] expected =
        [
            "Microsoft.Storage/storageAccounts",
            "Microsoft.Web/sites",
            "Microsoft.Web/sites/config",
            "Microsoft.DocumentDB/databaseAccounts",
            "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments",
            "Microsoft.CognitiveServices/accounts",
            "Microsoft.KeyVault/vaults",
            "Microsoft.Insights/components",
            "Microsoft.Authorization/roleAssignments",
            "Microsoft.Communication/communicationServices",
            "Microsoft.EventGrid/systemTopics",
            "Microsoft.EventGrid/systemTopics/eventSubscriptions",
        ];

        foreach (var type in expected)
        {
            Assert.True(infra.Main.ResourcesOfType(type).Any(), $"{type} is missing from main.bicep");
        }
    }

    [Fact]
    public void Storage_SharedKeysTlsPublicAccess_AreLockedDown()
    {
        var account = Assert.Single(infra.Main.ResourcesOfType("Microsoft.Storage/storageAccounts"));

        Assert.False(ArmTemplate.At(account, "properties.allowSharedKeyAccess")!.GetValue<bool>());
        Assert.Equal("TLS1_2", ArmTemplate.At(account, "properties.minimumTlsVersion")!.GetValue<string>());
        Assert.False(ArmTemplate.At(account, "properties.allowBlobPublicAccess")!.GetValue<bool>());
        Assert.True(ArmTemplate.At(account, "properties.supportsHttpsTrafficOnly")!.GetValue<bool>());
    }

    [Fact]
    public void FunctionApp_HttpsOnlyWithSystemIdentity()
    {
        var site = Assert.Single(infra.Main.ResourcesOfType("Microsoft.Web/sites"));

        Assert.True(ArmTemplate.At(site, "properties.httpsOnly")!.GetValue<bool>());
        Assert.Equal("SystemAssigned", ArmTemplate.At(site, "identity.type")!.GetValue<string>());
    }

    [Fact]
    public void DataServices_LocalAuth_IsDisabled()
    {
        var cosmos = Assert.Single(infra.Main.ResourcesOfType("Microsoft.DocumentDB/databaseAccounts"));
        var docIntel = Assert.Single(infra.Main.ResourcesOfType("Microsoft.CognitiveServices/accounts"));
        var vault = Assert.Single(infra.Main.ResourcesOfType("Microsoft.KeyVault/vaults"));

        Assert.True(ArmTemplate.At(cosmos, "properties.disableLocalAuth")!.GetValue<bool>());
        Assert.Equal("FormRecognizer", docIntel["kind"]!.GetValue<string>());
        Assert.True(ArmTemplate.At(docIntel, "properties.disableLocalAuth")!.GetValue<bool>());
        Assert.True(ArmTemplate.At(vault, "properties.enableRbacAuthorization")!.GetValue<bool>());
        Assert.True(ArmTemplate.At(vault, "properties.enablePurgeProtection")!.GetValue<bool>());
    }

    [Fact]
    public void RoleAssignments_AreAllNamedWithGuid()
    {
        var assignments = infra.Main.ResourcesOfType("Microsoft.Authorization/roleAssignments").ToList();

        Assert.NotEmpty(assignments);
        Assert.All(assignments, a => Assert.StartsWith("[guid(", ArmTemplate.Name(a), StringComparison.Ordinal));
        Assert.Empty(SecurityPosture.RoleAssignmentNames(infra.Main));
    }

    [Fact]
    public void Rules_InsecureTemplate_ReportEveryWeakness()
    {
        // Proof that the posture rules can fail: compile a deliberately insecure template.
        const string insecure = """
            @description('Region.')
            param location string = resourceGroup().location

            resource st 'Microsoft.Storage/storageAccounts@2024-01-01' = {
              name: 'stinsecure0001'
              location: location
              kind: 'StorageV2'
              sku: { name: 'Standard_LRS' }
              properties: {
                allowSharedKeyAccess: true
                minimumTlsVersion: 'TLS1_0'
                allowBlobPublicAccess: true
                supportsHttpsTrafficOnly: false
              }
            }

            resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
              name: 'cosmos-insecure'
              location: location
              properties: {
                databaseAccountOfferType: 'Standard'
                disableLocalAuth: false
                locations: [ { locationName: location } ]
              }
            }

            resource site 'Microsoft.Web/sites@2024-11-01' = {
              name: 'func-insecure'
              location: location
              kind: 'functionapp,linux'
              properties: {
                httpsOnly: false
                siteConfig: {
                  appSettings: [
                    { name: 'AzureWebJobsStorage', value: 'DefaultEndpointsProtocol=https;AccountName=${st.name};AccountKey=${st.listKeys().keys[0].value}' }
                    { name: 'CardStorage__blobServiceUri', value: st.properties.primaryEndpoints.blob }
                    { name: 'Clearinghouse__Password', value: 'hunter2' }
                  ]
                }
              }
            }

            resource ra 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
              name: 'not-a-guid'
              scope: st
              properties: {
                principalId: '00000000-0000-0000-0000-000000000000'
                roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
              }
            }
            """;
        var dir = Directory.CreateTempSubdirectory("patientaccess-bicep-insecure-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "insecure.bicep"), insecure);
            var run = BicepCli.Run(dir, "build", "insecure.bicep", "--outfile", "insecure.json", "--no-restore");
            Assert.True(run.ExitCode == 0, run.ToString());
            var template = new ArmTemplate((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "insecure.json")))!);

            var violations = string.Join(Environment.NewLine, SecurityPosture.Violations(template));

            Assert.Contains("allowSharedKeyAccess", violations, StringComparison.Ordinal);
            Assert.Contains("minimumTlsVersion", violations, StringComparison.Ordinal);
            Assert.Contains("allowBlobPublicAccess", violations, StringComparison.Ordinal);
            Assert.Contains("supportsHttpsTrafficOnly", violations, StringComparison.Ordinal);
            Assert.Contains("cosmos cosmos-insecure: disableLocalAuth", violations, StringComparison.Ordinal);
            Assert.Contains("httpsOnly", violations, StringComparison.Ordinal);
            Assert.Contains("system-assigned identity", violations, StringComparison.Ordinal);
            Assert.Contains("app setting AzureWebJobsStorage: carries a key (AccountKey=)", violations, StringComparison.Ordinal);
            Assert.Contains("app setting AzureWebJobsStorage: connection strings are not allowed", violations, StringComparison.Ordinal);
            Assert.Contains("connection CardStorage: needs CardStorage__credential", violations, StringComparison.Ordinal);
            Assert.Contains("app setting Clearinghouse__Password: a credential must be a Key Vault reference", violations, StringComparison.Ordinal);
            Assert.Contains("reads keys (listKeys()", violations, StringComparison.Ordinal);
            Assert.Contains("role assignment not-a-guid: name must be guid", violations, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

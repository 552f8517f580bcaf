using System.Text.Json.Nodes;

namespace PatientAccess.Infra.Tests;

/// <summary>What the code relies on exists with the right shape: Cosmos containers, card storage, the Flex app, the blob trigger's Event Grid wiring.</summary>
[Collection(CompiledInfraGroup.Name)]
public sealed class ResourceTests(CompiledInfra infra)
{
    [Fact]
    public void Cosmos_Containers_MatchWhatTheCodeUses()
    {
        var cosmos = infra.Template("app/cosmos.bicep");
        var specs = cosmos.Variables["containerSpecs"]!.AsArray().Select(s => s!.AsObject()).ToDictionary(s => s["name"]!.GetValue<string>());

        var expected = new Dictionary<string, (string PartitionKey, int? Ttl)>
        {
            ["registrations"] = ("/id", null),
            ["idempotency"] = ("/id", 86400),
            ["workitems"] = ("/registrationId", null),
            ["audit"] = ("/registrationId", null),
            ["outbox"] = ("/registrationId", null),
            ["leases"] = ("/id", null),
            ["authorizations"] = ("/registrationId", null),
            ["authorization-keys"] = ("/key", null),
            ["priorauth-notifications"] = ("/id", 2592000),
            ["patientlinks"] = ("/id", -1),
            ["questions"] = ("/registrationId", null),
        };
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), specs.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, (partitionKey, ttl)) in expected)
        {
            Assert.Equal(partitionKey, specs[name]["partitionKey"]!.GetValue<string>());
            Assert.Equal(ttl, specs[name]["defaultTtl"]?.GetValue<int>());
        }

        // The container resource is the loop over those specs, and the database is 'patientaccess'.
        var container = Assert.Single(cosmos.OwnResources, r => ArmTemplate.Type(r) == "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");
        Assert.Equal("[length(variables('containerSpecs'))]", container["copy"]!["count"]!.GetValue<string>());
        Assert.Contains("variables('containerSpecs')[copyIndex()].name", ArmTemplate.Name(container), StringComparison.Ordinal);
        Assert.Equal("patientaccess", cosmos.Variables["databaseName"]!.GetValue<string>());
    }

    [Fact]
    public void Cosmos_Indexes_CoverTheWorklistAndReminderQueries()
    {
        var specs = infra.Template("app/cosmos.bicep").Variables["containerSpecs"]!.AsArray().Select(s => s!.AsObject()).ToDictionary(s => s["name"]!.GetValue<string>());

        var composite = Assert.Single(specs["workitems"]["compositeIndexes"]!.AsArray())!.AsArray();
        Assert.Equal(["/status", "/createdUtc"], composite.Select(p => p!["path"]!.GetValue<string>()));
        Assert.All(composite, p => Assert.Equal("ascending", p!["order"]!.GetValue<string>()));
        Assert.Contains("/nextReminderUtc/?", specs["registrations"]["extraIncludedPaths"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public void Cosmos_ServerlessByDefault_WithDataPlaneRoleForTheApp()
    {
        var cosmos = infra.Template("app/cosmos.bicep");
        var account = Assert.Single(cosmos.OwnResources, r => ArmTemplate.Type(r) == "Microsoft.DocumentDB/databaseAccounts");
        var assignment = Assert.Single(cosmos.OwnResources, r => ArmTemplate.Type(r) == "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments");

        Assert.Equal("Serverless", infra.Main.Parameters["cosmosCapacityMode"]!["defaultValue"]!.GetValue<string>());
        Assert.Contains("EnableServerless", ArmTemplate.At(account, "properties.capabilities")!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("00000000-0000-0000-0000-000000000002", cosmos.Variables["dataContributorRoleId"]!.GetValue<string>());
        Assert.Contains("variables('dataContributorRoleId')", ArmTemplate.At(assignment, "properties.roleDefinitionId")!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_CardContainersSoftDeleteAndLifecycle()
    {
        var storage = infra.Template("app/storage.bicep");
        Assert.Equal(
            ["insurance-cards", "insurance-cards-accepted", "insurance-cards-quarantine", "eligibility-responses", "authorization-responses"],
            storage.Variables["cardContainers"]!.AsArray().Select(c => c!.GetValue<string>()));

        var blobService = Assert.Single(storage.OwnResources, r => ArmTemplate.Type(r) == "Microsoft.Storage/storageAccounts/blobServices");
        Assert.True(ArmTemplate.At(blobService, "properties.deleteRetentionPolicy.enabled")!.GetValue<bool>());
        var cors = Assert.Single(ArmTemplate.At(blobService, "properties.cors.corsRules")!.AsArray())!.AsObject();
        Assert.Equal("[parameters('uploadOrigins')]", ArmTemplate.At(cors, "allowedOrigins")!.GetValue<string>());
        Assert.Equal(["PUT", "OPTIONS"], ArmTemplate.At(cors, "allowedMethods")!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Contains("x-ms-blob-type", ArmTemplate.At(cors, "allowedHeaders")!.AsArray().Select(h => h!.GetValue<string>()));
        // The app's own origin is always in the rule: the pages it serves upload from there.
        var (deployment, _) = infra.Main.ModuleDeploying("Microsoft.Storage/storageAccounts/blobServices");
        var origins = ArmTemplate.At(deployment, "properties.parameters.uploadOrigins.value")!.GetValue<string>();
        Assert.Contains(".azurewebsites.net", origins, StringComparison.Ordinal);
        Assert.Contains("parameters('pageOrigins')", origins, StringComparison.Ordinal);

        var policy = Assert.Single(storage.OwnResources, r => ArmTemplate.Type(r) == "Microsoft.Storage/storageAccounts/managementPolicies");
        var rule = Assert.Single(ArmTemplate.At(policy, "properties.policy.rules")!.AsArray())!.AsObject();
        Assert.Contains("insurance-cards/", ArmTemplate.At(rule, "definition.filters.prefixMatch")!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Contains("insurance-cards-accepted/", ArmTemplate.At(rule, "definition.filters.prefixMatch")!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("[parameters('cardRetentionDays')]", ArmTemplate.At(rule, "definition.actions.baseBlob.delete.daysAfterModificationGreaterThan")!.GetValue<string>());
        Assert.NotNull(infra.Main.Parameters["cardRetentionDays"]!["defaultValue"]);
    }

    [Fact]
    public void FunctionApp_PlatformAuthenticationSetting_DeclaredOnlyWithAppServiceAuthentication()
    {
        // The console trusts the x-ms-client-principal header only with Console__PlatformAuthentication=true, and that
        // is safe only where App Service authentication strips a forged header: both must hang on one condition.
        var (deployment, module) = infra.Main.ModuleDeploying("Microsoft.Web/sites/config");
        var configs = module.OwnResources.Where(r => ArmTemplate.Type(r) == "Microsoft.Web/sites/config").ToList();
        var auth = Assert.Single(configs, r => ArmTemplate.Name(r).Contains("'authsettingsV2'", StringComparison.Ordinal));
        var settings = Assert.Single(configs, r => ArmTemplate.Name(r).Contains("'appsettings'", StringComparison.Ordinal));

        var condition = auth["condition"]!.GetValue<string>();
        Assert.Equal($"[if({condition[1..^1]}, 'true', 'false')]", ArmTemplate.At(settings, "properties.Console__PlatformAuthentication")!.GetValue<string>());
        Assert.Equal("[not(empty(parameters('consoleClientId')))]", module.Variables[condition["[variables('".Length..^"')]".Length]]!.GetValue<string>());
        Assert.Null(settings["condition"]);

        Assert.True(ArmTemplate.At(auth, "properties.platform.enabled")!.GetValue<bool>());
        Assert.Equal("AllowAnonymous", ArmTemplate.At(auth, "properties.globalValidation.unauthenticatedClientAction")!.GetValue<string>());
        Assert.False(ArmTemplate.At(auth, "properties.globalValidation.requireAuthentication")!.GetValue<bool>());
        Assert.False(ArmTemplate.At(auth, "properties.login.tokenStore.enabled")!.GetValue<bool>());
        Assert.True(ArmTemplate.At(auth, "properties.identityProviders.azureActiveDirectory.enabled")!.GetValue<bool>());
        Assert.Equal("[parameters('consoleClientId')]", ArmTemplate.At(auth, "properties.identityProviders.azureActiveDirectory.registration.clientId")!.GetValue<string>());
        Assert.Equal("[parameters('consoleClientId')]", deployment["properties"]!["parameters"]!["consoleClientId"]!["value"]!.GetValue<string>());
        Assert.Equal(string.Empty, infra.Main.Parameters["consoleClientId"]!["defaultValue"]!.GetValue<string>());
    }

    [Fact]
    public void FunctionApp_IsFlexConsumptionDotnetIsolated10()
    {
        var (deployment, function) = infra.Main.ModuleDeploying("Microsoft.Web/sites");
        var plan = Assert.Single(function.OwnResources, r => ArmTemplate.Type(r) == "Microsoft.Web/serverfarms");
        var site = Assert.Single(function.OwnResources, r => ArmTemplate.Type(r) == "Microsoft.Web/sites");

        Assert.Equal("FC1", ArmTemplate.At(plan, "sku.name")!.GetValue<string>());
        Assert.Equal("FlexConsumption", ArmTemplate.At(plan, "sku.tier")!.GetValue<string>());
        Assert.Equal("dotnet-isolated", ArmTemplate.At(site, "properties.functionAppConfig.runtime.name")!.GetValue<string>());
        Assert.Equal("10.0", ArmTemplate.At(site, "properties.functionAppConfig.runtime.version")!.GetValue<string>());
        Assert.Equal("blobContainer", ArmTemplate.At(site, "properties.functionAppConfig.deployment.storage.type")!.GetValue<string>());
        Assert.Equal("SystemAssignedIdentity", ArmTemplate.At(site, "properties.functionAppConfig.deployment.storage.authentication.type")!.GetValue<string>());
        Assert.NotNull(ArmTemplate.At(site, "properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount"));
        // azd deploys service 'api' to the app carrying azd-service-name=api.
        Assert.Contains("azd-service-name", ArmTemplate.At(site, "tags")!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("api", infra.Main.Resolve(deployment, "[parameters('serviceName')]"));
        // Publishing with basic credentials is off.
        Assert.All(
            function.OwnResources.Where(r => ArmTemplate.Type(r) == "Microsoft.Web/sites/basicPublishingCredentialsPolicies"),
            p => Assert.False(ArmTemplate.At(p, "properties.allow")!.GetValue<bool>()));
    }

    [Fact]
    public void EventGrid_BlobTriggerWebhook_TargetsCardUploadedOnInsuranceCards()
    {
        var (deployment, module, subscription) = EventSubscriptionModule("blobEventSubscription");
        var endpoint = ArmTemplate.At(subscription, "properties.destination.properties.endpointUrl")!.GetValue<string>();

        Assert.Equal("WebHook", ArmTemplate.At(subscription, "properties.destination.endpointType")!.GetValue<string>());
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.{", endpoint, StringComparison.Ordinal);
        Assert.Contains("systemKeys.blobs_extension", endpoint, StringComparison.Ordinal);
        Assert.Equal(["Microsoft.Storage.BlobCreated"], ArmTemplate.At(subscription, "properties.filter.includedEventTypes")!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("[format('/blobServices/default/containers/{0}/', parameters('containerName'))]", ArmTemplate.At(subscription, "properties.filter.subjectBeginsWith")!.GetValue<string>());
        Assert.Equal("insurance-cards", infra.Main.Resolve(deployment, "[parameters('containerName')]"));
        Assert.Equal("CardUploaded", infra.Main.Resolve(deployment, "[parameters('functionName')]"));
        // Off on the first provision: the postdeploy hook creates it once the app runs.
        Assert.Contains("blobEventSubscriptionEnabled", deployment["condition"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(infra.Main.Parameters["blobEventSubscriptionEnabled"]!["defaultValue"]!.GetValue<bool>());

        var topic = Assert.Single(infra.Main.ResourcesOfType("Microsoft.EventGrid/systemTopics"), t => ArmTemplate.At(t, "properties.topicType")!.GetValue<string>() != "Microsoft.Communication.CommunicationServices");
        Assert.Equal("Microsoft.Storage.StorageAccounts", ArmTemplate.At(topic, "properties.topicType")!.GetValue<string>());
        Assert.NotNull(module);
    }

    [Fact]
    public void EventGrid_InboundSmsWebhook_TargetsTheInboundFunctionWithItsOwnKey()
    {
        var (deployment, module, subscription) = EventSubscriptionModule("smsEventSubscription");
        var endpoint = ArmTemplate.At(subscription, "properties.destination.properties.endpointUrl")!.GetValue<string>();

        Assert.Equal("WebHook", ArmTemplate.At(subscription, "properties.destination.endpointType")!.GetValue<string>());
        Assert.Contains("/api/notifications/inbound?code={", endpoint, StringComparison.Ordinal);
        Assert.Contains("/functions/{", endpoint, StringComparison.Ordinal);
        Assert.DoesNotContain("/host/", endpoint, StringComparison.Ordinal);
        Assert.Equal("ReceiveInboundMessages", module.Parameters["functionName"]!["defaultValue"]!.GetValue<string>()); // InboundMessageFunctions.ReceiveName
        Assert.Equal(
            ["Microsoft.Communication.SMSReceived", "Microsoft.Communication.SMSDeliveryReportReceived"],
            ArmTemplate.At(subscription, "properties.filter.includedEventTypes")!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("EventGridSchema", ArmTemplate.At(subscription, "properties.eventDeliverySchema")!.GetValue<string>());
        Assert.Equal(1440, ArmTemplate.At(subscription, "properties.retryPolicy.eventTimeToLiveInMinutes")!.GetValue<int>());
        Assert.Contains("smsEventSubscriptionEnabled", deployment["condition"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(infra.Main.Parameters["smsEventSubscriptionEnabled"]!["defaultValue"]!.GetValue<bool>());

        var topic = Assert.Single(module.OwnResources, r => ArmTemplate.Type(r) == "Microsoft.EventGrid/systemTopics");
        Assert.Equal("Microsoft.Communication.CommunicationServices", ArmTemplate.At(topic, "properties.topicType")!.GetValue<string>());
        Assert.Equal("global", ArmTemplate.At(topic, "location")!.GetValue<string>());
    }

    private (JsonObject Deployment, ArmTemplate Module, JsonObject Subscription) EventSubscriptionModule(string moduleName)
    {
        var (deployment, module) = Assert.Single(infra.Main.ModuleDeployments, m => ArmTemplate.Name(m.Deployment).Contains(moduleName, StringComparison.Ordinal));
        var subscription = Assert.Single(module.OwnResources, r => ArmTemplate.Type(r) == "Microsoft.EventGrid/systemTopics/eventSubscriptions");
        return (deployment, module, subscription);
    }

    [Fact]
    public void PrivateNetworking_IsOptInAndCoversTheDataServices()
    {
        Assert.False(infra.Main.Parameters["privateNetworking"]!["defaultValue"]!.GetValue<bool>());
        var endpoints = infra.Main.ModuleDeployments.Where(m => m.Template.OwnResources.Any(r => ArmTemplate.Type(r) == "Microsoft.Network/privateEndpoints")).ToList();
        var network = infra.Main.ModuleDeploying("Microsoft.Network/virtualNetworks");

        Assert.All(endpoints, m => Assert.Equal("[parameters('privateNetworking')]", m.Deployment["condition"]!.GetValue<string>()));
        Assert.Equal("[parameters('privateNetworking')]", network.Deployment["condition"]!.GetValue<string>());
        Assert.Equal(
            ["Sql", "account", "blob", "queue", "table", "vault"],
            infra.Main.Variables["privateEndpointSpecs"]!.AsArray().Select(s => s!["groupId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Modules_ThatReferenceExistingResources_DeployAfterThem()
    {
        // A module that finds a resource by name ('existing') gets no implicit ordering from it; main.bicep
        // must make it wait for the module that creates the resource, or a first deployment races.
        var mainSource = File.ReadAllText(Path.Combine(RepoPaths.Infra, "main.bicep"));
        var modules = System.Text.RegularExpressions.Regex.Matches(mainSource, @"^module (\w+) '([^']+)'", System.Text.RegularExpressions.RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var deployments = infra.Main.Root["resources"]!.AsObject()
            .Where(r => ArmTemplate.Type(r.Value!.AsObject()) == "Microsoft.Resources/deployments")
            .ToDictionary(r => r.Key, r => r.Value!.AsObject());
        var checkedReferences = 0;

        foreach (var (module, path) in modules)
        {
            var source = File.ReadAllText(Path.Combine(RepoPaths.Infra, path));
            var existingTypes = System.Text.RegularExpressions.Regex.Matches(source, @"^resource \w+ '([^@']+)@[^']+' existing", System.Text.RegularExpressions.RegexOptions.Multiline)
                .Select(m => m.Groups[1].Value);
            var before = DependsOnClosure(module, deployments);
            foreach (var type in existingTypes)
            {
                var creators = deployments
                    .Where(d => d.Key != module && new ArmTemplate(d.Value["properties"]!["template"]!.AsObject()).OwnResources.Any(r => string.Equals(ArmTemplate.Type(r), type, StringComparison.OrdinalIgnoreCase) && r["existing"] is null))
                    .Select(d => d.Key)
                    .ToList();
                Assert.True(creators.Count > 0, $"{module} references an existing {type} that no module creates");
                Assert.True(creators.Any(before.Contains), $"{module} references an existing {type} but does not depend on {string.Join(" or ", creators)}");
                checkedReferences++;
            }
        }

        Assert.True(checkedReferences >= 10, $"only {checkedReferences} references checked");
    }

    private static HashSet<string> DependsOnClosure(string start, Dictionary<string, JsonObject> deployments)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([start]);
        while (pending.TryPop(out var current))
        {
            if (!deployments.TryGetValue(current, out var deployment))
            {
                continue;
            }

            foreach (var dependency in (deployment["dependsOn"] as JsonArray ?? []).Select(d => d!.GetValue<string>()))
            {
                if (seen.Add(dependency))
                {
                    pending.Push(dependency);
                }
            }
        }

        return seen;
    }
}

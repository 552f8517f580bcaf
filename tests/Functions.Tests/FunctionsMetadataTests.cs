using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Core;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Azure.Functions.Worker.Extensions.DurableTask.Execution;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PatientAccess.Api;
using PatientAccess.Workflow;

namespace PatientAccess.Functions.Tests;

/// <summary>
/// What the worker tells the Functions host: the build's functions.metadata (HTTP triggers and their bindings)
/// and, at start-up, the same list with every task of the Durable registry added as an orchestration or
/// activity trigger by the Durable extension's metadata transformer.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static string MetadataFile => Path.Combine(RepoPaths.FunctionsOutput, "functions.metadata");

    [Fact]
    public void BuildMetadata_HttpFunctions_HaveTriggerClientAndReturnBindings()
    {
        Assert.True(File.Exists(MetadataFile), $"{MetadataFile} is missing; build src/Functions");
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataFile));
        var functions = document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());

        var expected = new Dictionary<string, (ApiRoute Route, bool DurableClient)>
        {
            [RegistrationFunctions.SubmitName] = (new("post", ApiRoutes.Registrations), true),
            [RegistrationFunctions.GetStatusName] = (new("get", ApiRoutes.Registration), true),
            [RegistrationFunctions.ListWorklistName] = (new("get", ApiRoutes.Worklist), false),
            [RegistrationFunctions.ResolveName] = (new("post", ApiRoutes.Resolution), true),
            [CardFunctions.UploadUrlName] = (new("post", ApiRoutes.CardUploadUrl), true), // the client: is the clearance still running?
        };
        Assert.Equal(expected.Keys.Order(), functions.Keys.Where(expected.ContainsKey).Order());
        foreach (var (name, (route, durableClient)) in expected)
        {
            var function = functions[name];
            Assert.Equal("dotnet-isolated", function.GetProperty("language").GetString());
            Assert.Equal("PatientAccess.Functions.dll", function.GetProperty("scriptFile").GetString());
            var bindings = function.GetProperty("bindings").EnumerateArray().ToList();

            var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "httpTrigger");
            Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
            Assert.Equal([route.Method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToArray());
            Assert.Equal(ApiRoutes.Prefix + "/" + route.Template, trigger.GetProperty("route").GetString());

            var output = Assert.Single(bindings, b => b.GetProperty("direction").GetString() == "Out");
            Assert.Equal("http", output.GetProperty("type").GetString());
            Assert.Equal("$return", output.GetProperty("name").GetString());

            Assert.Equal(durableClient ? 1 : 0, bindings.Count(b => b.GetProperty("type").GetString() == "durableClient"));
        }
    }

    /// <summary>
    /// Patient questions: anonymous triggers (the patient link's token or the platform's sign-in is the check, in src/Api),
    /// each on its ApiRoutes route and method, without a Durable client (questions never touch a clearance).
    /// </summary>
    [Fact]
    public void BuildMetadata_QuestionFunctions_AnonymousOnTheirRoutesWithoutDurableClient()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataFile));
        var functions = document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
        var expected = new Dictionary<string, ApiRoute>
        {
            [QuestionFunctions.PortalListName] = new("get", ApiRoutes.PortalQuestions),
            [QuestionFunctions.PortalAskName] = new("post", ApiRoutes.PortalQuestions),
            [QuestionFunctions.ConsoleListName] = new("get", ApiRoutes.ConsoleQuestions),
            [QuestionFunctions.ConsoleReplyName] = new("post", ApiRoutes.ConsoleQuestionReply),
        };
        foreach (var (name, route) in expected)
        {
            Assert.True(functions.TryGetValue(name, out var function), $"{name} is not in functions.metadata");
            var bindings = function.GetProperty("bindings").EnumerateArray().ToList();
            var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "httpTrigger");
            Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
            Assert.Equal([route.Method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToArray());
            Assert.Equal(ApiRoutes.Prefix + "/" + route.Template, trigger.GetProperty("route").GetString());
            Assert.DoesNotContain(bindings, b => b.GetProperty("type").GetString() == "durableClient");
            Assert.Contains(ApiRoutes.All, r => r.Method == route.Method && r.Template == route.Template);
        }
    }

    [Fact]
    public void BuildMetadata_EveryFunctionAttribute_IsListed()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataFile));
        var listed = document.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()).Order().ToArray();
        var declared = typeof(RegistrationFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
            .Where(n => n is not null)
            .Order()
            .ToArray();

        Assert.Equal(declared, listed);
    }

    /// <summary>
    /// The card trigger listens through Event Grid on the card container, and binds a BlobClient (no download): the
    /// intake checks the size before reading, so a byte[] binding would read a 100 MB upload into memory first.
    /// </summary>
    [Fact]
    public void BuildMetadata_CardTrigger_IsEventGridBlobTriggerBoundToABlobClient()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataFile));
        var function = document.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == CardFunctions.UploadedName);

        var trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "blobTrigger");
        Assert.Equal(CardFunctions.CardBlobPath, trigger.GetProperty("path").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("CardStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal("True", trigger.GetProperty("properties").GetProperty("supportsDeferredBinding").GetString());
    }

    /// <summary>The Durable functions exist only in the worker's answer to the host; with host indexing they would vanish.</summary>
    [Fact]
    public void WorkerConfig_WorkerIndexing_IsOn()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.FunctionsOutput, "worker.config.json")));
        var description = document.RootElement.GetProperty("description");

        Assert.Equal("true", description.GetProperty("workerIndexing").GetString());
        Assert.Equal("PatientAccess.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
    }

    [Fact]
    public async Task WorkerMetadata_RegisteredDurableTasks_AreIndexedAsDurableTriggers()
    {
        using var host = BuildWorkerHost();
        var manager = host.Services.GetRequiredService<IFunctionMetadataManager>();

        var metadata = await manager.GetFunctionMetadataAsync(RepoPaths.FunctionsOutput);

        var registry = new DurableTaskRegistry().AddClearance();
        var orchestrators = registry.GetOrchestrators().Select(kv => kv.Key.Name).ToList();
        var activities = registry.GetActivities().Select(kv => kv.Key.Name).ToList();
        Assert.Contains("ClearanceOrchestrator", orchestrators);
        Assert.Contains("RecordProgressActivity", activities);
        Assert.Contains("OpenWorkItemActivity", activities);

        foreach (var name in orchestrators)
        {
            Assert.Equal("orchestrationTrigger", TriggerOf(metadata, name));
        }
        foreach (var name in activities)
        {
            Assert.Equal("activityTrigger", TriggerOf(metadata, name));
        }
        // The HTTP functions from the build's metadata are still there, and nothing is listed twice.
        Assert.Equal("httpTrigger", TriggerOf(metadata, RegistrationFunctions.SubmitName));
        Assert.Equal(metadata.Length, metadata.Select(m => m.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    /// <summary>
    /// The Durable middleware runs a task function by creating the class from the worker's container; every
    /// registered orchestrator and activity must resolve there (constructor-injected ports included).
    /// </summary>
    [Fact]
    public void WorkerServices_EveryRegisteredTask_IsCreatedFromTheContainer()
    {
        using var host = BuildWorkerHost();
        var factory = host.Services.GetRequiredService<IDurableTaskFactory>();
        using var scope = host.Services.CreateScope();
        var registry = new DurableTaskRegistry().AddClearance();

        foreach (var (name, _) in registry.GetOrchestrators())
        {
            Assert.True(factory.TryCreateOrchestrator(name, scope.ServiceProvider, out var orchestrator), $"orchestrator {name}");
            Assert.NotNull(orchestrator);
        }
        foreach (var (name, _) in registry.GetActivities())
        {
            Assert.True(factory.TryCreateActivity(name, scope.ServiceProvider, out var activity), $"activity {name}");
            Assert.NotNull(activity);
        }
        Assert.False(factory.TryCreateActivity("NoSuchActivity", scope.ServiceProvider, out _));
    }

    [Fact]
    public void WorkerServices_HttpJson_UsesTheApiContract()
    {
        using var host = BuildWorkerHost();

        var json = host.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        Assert.Contains(json.Converters, c => c is JsonStringEnumConverter);
        Assert.Equal(JsonIgnoreCondition.WhenWritingNull, json.DefaultIgnoreCondition);
    }

    /// <summary>
    /// The worker's container as it is built in Azure. At start-up the worker runs the extension start-up code
    /// that the SDK generated into its entry assembly (the Durable extension registers its middleware and metadata
    /// transformer there); in a test run the entry assembly is the test host, so that step is done here by hand.
    /// </summary>
    private static IHost BuildWorkerHost()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        // Only an endpoint is needed to build the Cosmos client; nothing here connects.
        builder.Configuration["Cosmos:Endpoint"] = "https://127.0.0.1:8081/";
        builder.Configuration["Clearinghouse:BaseUrl"] = "http://127.0.0.1:7080/";
        builder.Configuration["CardStorage:connectionString"] = "UseDevelopmentStorage=true";
        var executor = typeof(RegistrationFunctions).Assembly.GetCustomAttribute<WorkerExtensionStartupCodeExecutorInfoAttribute>();
        Assert.NotNull(executor);
        ((WorkerExtensionStartup)Activator.CreateInstance(executor.StartupCodeExecutorType)!).Configure(builder);
        builder.AddPatientAccess();
        return builder.Build();
    }

    private static string? TriggerOf(IEnumerable<IFunctionMetadata> metadata, string name)
    {
        var function = Assert.Single(metadata, m => m.Name == name);
        var triggers = (function.RawBindings ?? [])
            .Select(b => JsonDocument.Parse(b).RootElement.GetProperty("type").GetString())
            .Where(t => t is not null && t.EndsWith("Trigger", StringComparison.Ordinal))
            .ToList();
        return Assert.Single(triggers);
    }
}

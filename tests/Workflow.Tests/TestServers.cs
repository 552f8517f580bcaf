using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Integrations;
using PatientAccess.Integrations.Eligibility;
using PatientAccess.Integrations.Notifications;
using PatientAccess.Integrations.PriorAuth;
using PatientAccess.PayerSandbox;
using PatientAccess.Workflow.Notifications;
using Microsoft.AspNetCore.Builder;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// Where the local servers started by ./test.sh are. Tests fail, never skip, when they are missing:
/// a skipped adapter test proves nothing.
/// </summary>
public static class TestServers
{
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    public static string AzuriteConnection =>
        Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING") ?? "UseDevelopmentStorage=true";

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PatientAccess.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("PatientAccess.sln not found above the test output.");
    }

    public static string CosmosEndpoint => Environment.GetEnvironmentVariable("COSMOS_ENDPOINT") ?? "https://127.0.0.1:8081/";

    /// <summary>Registers the real Cosmos stores against the emulator, in a database of the caller's own.</summary>
    /// <param name="settings">More configuration (e.g. Clinic:TimeZone), added over the emulator settings.</param>
    public static IServiceCollection AddEmulatorStores(this IServiceCollection services, string database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = CosmosEndpoint,
            ["Cosmos:Key"] = EmulatorKey,
            ["Cosmos:Database"] = database,
            ["Cosmos:CreateIfMissing"] = "true",
            ["Clearance:CardWaitTimeout"] = "00:00:03",
            ["Clearinghouse:BaseUrl"] = Sandbox.BaseAddress.ToString(),
            ["Clearinghouse:Username"] = Sandbox.Username,
            ["Clearinghouse:Password"] = Sandbox.Password,
            ["CardStorage:connectionString"] = Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING") ?? "UseDevelopmentStorage=true",
            // Prior authorization against the same sandbox: the PPO over PAS (polled), the HMO over the 278.
            ["PriorAuth:BaseUrl"] = new Uri(Sandbox.BaseAddress, "fhir/").ToString(),
            ["PriorAuth:Payers:0:PayerId"] = "SBXPPO",
            ["PriorAuth:Payers:0:Name"] = "SANDBOX PPO HEALTH PLAN",
            ["PriorAuth:Payers:0:Protocol"] = "Pas",
            ["PriorAuth:Payers:1:PayerId"] = "SBXHMO",
            ["PriorAuth:Payers:1:Name"] = "SANDBOX HMO",
            ["PriorAuth:Payers:1:Protocol"] = "X12",
            // The payer sandbox's standard charges (copied with the sandbox project): the clearance's estimate step.
            ["Prices:Path"] = "standard-charges.csv",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddWorkflow();
        services.AddCosmosStores();
        services.AddEligibility(configuration);
        services.AddPriorAuth(configuration);
        services.AddEstimates();
        services.AddEstimateSources(configuration);
        // The authorization and estimate steps tell the patient through the outbox (nothing is written while Portal:BaseUrl is unset).
        services.AddNotificationChannel(configuration);
        services.AddReminders();
        return services;
    }

    /// <summary>The real payer sandbox, in-process on a free loopback port, shared by every test of this assembly.</summary>
    public static class Sandbox
    {
        public const string Username = "sandbox";
        public const string Password = "workflow-tests";
        private static readonly Lazy<WebApplication> App = new(() =>
        {
            var app = SandboxApp.Create([], new Dictionary<string, string?>
            {
                ["Sandbox:Url"] = "http://127.0.0.1:0",
                ["Sandbox:Username"] = Username,
                ["Sandbox:Password"] = Password,
                ["Logging:LogLevel:Default"] = "Warning",
            });
            app.StartAsync().GetAwaiter().GetResult();
            return app;
        });

        public static Uri BaseAddress => SandboxApp.BaseAddress(App.Value);

        /// <summary>What the sandbox payer holds of the authorization requests it was sent (decisions, cancellations).</summary>
        public static AuthorizationSimulator Authorizations => App.Value.Services.GetRequiredService<AuthorizationSimulator>();
    }

    public static string NewDatabaseName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 60)];
}

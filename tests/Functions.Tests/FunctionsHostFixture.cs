using System.Net.Security;
using Microsoft.Azure.Cosmos;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Functions;
using PatientAccess.Integrations.Cosmos;
using PatientAccess.Integrations.Eligibility;
using PatientAccess.Integrations;
using PatientAccess.Integrations.Notifications;
using PatientAccess.Integrations.PriorAuth;
using PatientAccess.Workflow;
using PatientAccess.Workflow.Notifications;
using PatientAccess.Workflow.Operations;
using PatientAccess.Tests.Common;

namespace PatientAccess.Functions.Tests;

/// <summary>
/// The workflow as the Functions worker composes it (AddClearance and <see cref="FunctionsComposition.AddWorkerServices"/>), hosted by the
/// in-process Durable test host, over the local Cosmos emulator with a database of its own for this run.
/// When the emulator does not answer, initialization throws and every test in the collection fails.
/// </summary>
public sealed class FunctionsHostFixture : IAsyncLifetime
{
    /// <summary>The emulator's well-known key: public, and only ever used for a loopback endpoint.</summary>
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private DurableTaskTestHost? _host;

    public Uri CosmosEndpoint { get; } = new(Environment.GetEnvironmentVariable("COSMOS_ENDPOINT") is { Length: > 0 } e ? e : "https://127.0.0.1:8081/");

    public string DatabaseName { get; } = $"fn-tests-{Guid.NewGuid():N}";

    public DurableTaskClient Client => Host.Client;

    public IServiceProvider Services => Host.Services;

    public RegistrationFunctions Functions => new(
        Services.GetRequiredService<RegistrationOperations>(),
        Services.GetRequiredService<WorklistOperations>(),
        Services.GetRequiredService<IOptions<ConsoleHostOptions>>(),
        Services.GetRequiredService<VisitChangeOperations>());

    private DurableTaskTestHost Host => _host ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = CosmosEndpoint.ToString(),
            ["Cosmos:Database"] = DatabaseName,
            ["Cosmos:Key"] = EmulatorKey,
            ["Cosmos:CreateIfMissing"] = "true",
            // Long enough that no deadline fires while a test looks at a clearance.
            ["Clearance:CardWaitTimeout"] = "01:00:00",
            ["Clearinghouse:BaseUrl"] = "http://127.0.0.1:7080/",
            ["CardStorage:connectionString"] = Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING") ?? "UseDevelopmentStorage=true",
            ["InboundMessages:HelpPhone"] = "+1 312 555 0100",
            // As infra sets it together with App Service authentication; ConsoleSignInTests turns it off.
            ["Console:PlatformAuthentication"] = "true",
        })
            // The payer the bad-request table's prior-auth notification rows authenticate as.
            .AddInMemoryCollection(BadRequestTable.PriorAuthSettings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();

        _host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddClearance(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
                    services.AddWorkerServices(configuration);
                },
            });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await Services.GetRequiredService<CosmosDatabaseProvider>().EnsureReadyAsync(timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or CosmosException or OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"The Cosmos emulator at {CosmosEndpoint} did not answer ({e.GetType().Name}). Start it (tools/emulators/start.sh) or set COSMOS_ENDPOINT.", e);
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        await DeleteDatabaseAsync();
    }

    private async Task DeleteDatabaseAsync()
    {
        if (!CosmosEndpoint.IsLoopback)
        {
            return;
        }
        using var client = new CosmosClient(CosmosEndpoint.ToString(), EmulatorKey, new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = true,
            HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    // The emulator's certificate is self-signed; this client only ever talks to loopback.
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                        errors == SslPolicyErrors.None || certificate is not null && certificate.Subject == certificate.Issuer,
                },
            }),
        });
        try
        {
            await client.GetDatabase(DatabaseName).DeleteAsync();
        }
        catch (CosmosException)
        {
            // The emulator keeps data in memory; a failed cleanup leaves nothing behind for long.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FunctionsHostGroup : ICollectionFixture<FunctionsHostFixture>
{
    public const string Name = "Functions host over the Cosmos emulator";
}

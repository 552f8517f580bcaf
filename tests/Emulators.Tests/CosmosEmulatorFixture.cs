using System.Globalization;
using Microsoft.Azure.Cosmos;

namespace PatientAccess.Emulators.Tests;

/// <summary>
/// One client and one throw-away database per test run. When the emulator at COSMOS_ENDPOINT does not answer,
/// every test fails with a message that says how to start it.
/// </summary>
public sealed class CosmosEmulatorFixture : IAsyncLifetime
{
    private CosmosClient? _client;
    private Database? _database;

    public Uri Endpoint { get; } = EmulatorCosmosClient.EndpointFromEnvironment();

    public string DatabaseId { get; } = "emulator-tests-" + Guid.NewGuid().ToString("N")[..8];

    public CosmosClient Client => _client ?? throw new InvalidOperationException("The fixture is not initialized.");

    public Database Database => _database ?? throw new InvalidOperationException(
        $"The Cosmos emulator at {Endpoint} did not answer. Start it with tools/emulators/start.sh cosmos and set COSMOS_ENDPOINT.");

    public async Task InitializeAsync()
    {
        _client = EmulatorCosmosClient.Create(Endpoint);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var response = await _client.CreateDatabaseIfNotExistsAsync(DatabaseId, cancellationToken: cts.Token);
            _database = response.Database;
        }
        catch (Exception ex) when (ex is HttpRequestException or CosmosException or OperationCanceledException)
        {
            // Leave _database null: every test then fails with the message above.
            _database = null;
        }
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            try
            {
                await _database.DeleteAsync();
            }
            catch (CosmosException)
            {
                // The emulator keeps data in memory only; a failed cleanup does no lasting harm.
            }
        }

        _client?.Dispose();
    }

    /// <summary>A new container with partition key /pk (and optional default TTL in seconds).</summary>
    public async Task<Container> NewContainerAsync(string prefix, int? defaultTimeToLive = null)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{Guid.NewGuid():N}");
        var properties = new ContainerProperties(id, "/pk") { DefaultTimeToLive = defaultTimeToLive };
        var response = await Database.CreateContainerAsync(properties);
        return response.Container;
    }
}

[CollectionDefinition(Name)]
public sealed class CosmosEmulatorTests : ICollectionFixture<CosmosEmulatorFixture>
{
    public const string Name = "Cosmos emulator";
}

/// <summary>The document shape the tests store.</summary>
public sealed record TestItem(string Id, string Pk, int N, string? Tag = null, int? Ttl = null);

using System.Net.Security;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Integrations.Cosmos;

/// <summary>
/// Owns the one CosmosClient of the process and hands out containers, creating the database and containers
/// first when <see cref="CosmosOptions.CreateIfMissing"/> is set (local runs and tests).
/// </summary>
public sealed class CosmosDatabaseProvider : IAsyncDisposable
{
    private readonly CosmosOptions _options;
    private readonly CosmosClient _client;
    private readonly Lazy<Task<Database>> _database;

    public CosmosDatabaseProvider(IOptions<CosmosOptions> options, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _client = CreateClient(_options, credential);
        _database = new Lazy<Task<Database>>(InitializeAsync);
    }

    public static JsonSerializerOptions SerializerOptions { get; } = CreateSerializerOptions();

    public async Task<Container> ContainerAsync(string name, CancellationToken cancellationToken)
    {
        var database = await _database.Value.WaitAsync(cancellationToken);
        return database.GetContainer(name);
    }

    /// <summary>Creates database and containers when configured to; otherwise only connects.</summary>
    public Task EnsureReadyAsync(CancellationToken cancellationToken) => _database.Value.WaitAsync(cancellationToken);

    private async Task<Database> InitializeAsync()
    {
        if (!_options.CreateIfMissing)
        {
            return _client.GetDatabase(_options.Database);
        }
        Database database = await _client.CreateDatabaseIfNotExistsAsync(_options.Database);
        foreach (var (name, partitionKeyPath, ttl) in CosmosContainers.All)
        {
            await database.CreateContainerIfNotExistsAsync(new ContainerProperties(name, partitionKeyPath) { DefaultTimeToLive = ttl });
        }
        return database;
    }

    private static CosmosClient CreateClient(CosmosOptions options, TokenCredential credential)
    {
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "PatientAccess",
            UseSystemTextJsonSerializerWithOptions = SerializerOptions,
            ConnectionMode = options.IsLoopback ? ConnectionMode.Gateway : ConnectionMode.Direct,
        };
        if (options.IsLoopback)
        {
            // The local emulator serves a self-signed certificate; trust it for loopback only.
            clientOptions.LimitToEndpoint = true;
            clientOptions.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = LoopbackCertificate.Accept },
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        }
        var endpoint = options.Endpoint!.ToString();
        return string.IsNullOrEmpty(options.Key)
            ? new CosmosClient(endpoint, credential, clientOptions)
            : new CosmosClient(endpoint, options.Key, clientOptions);
    }

    private static JsonSerializerOptions CreateSerializerOptions()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        json.Converters.Add(new JsonStringEnumConverter());
        json.Converters.Add(new StringValueConverter<PhoneNumber>(v => v.Value, s => PhoneNumber.TryCreate(s, out var p) ? p : null));
        json.Converters.Add(new StringValueConverter<EmailAddress>(v => v.Value, s => EmailAddress.TryCreate(s, out var e) ? e : null));
        json.Converters.Add(new StringValueConverter<Npi>(v => v.Value, s => Npi.TryCreate(s, out var n) ? n : null));
        json.Converters.Add(new StringValueConverter<ProcedureCode>(v => v.Value, s => ProcedureCode.TryCreate(s, out var c) ? c : null));
        return json;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await Task.CompletedTask;
    }
}

/// <summary>
/// Certificate check for the local emulator: a valid certificate passes as usual; otherwise only a
/// self-signed one (subject = issuer) is accepted, and this callback is installed only for loopback endpoints.
/// </summary>
internal static class LoopbackCertificate
{
    public static bool Accept(object sender, System.Security.Cryptography.X509Certificates.X509Certificate? certificate,
        System.Security.Cryptography.X509Certificates.X509Chain? chain, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None ||
        certificate is not null && certificate.Subject == certificate.Issuer;
}

/// <summary>Stores a self-validating value object as its string; a stored value that no longer validates is an error.</summary>
internal sealed class StringValueConverter<T>(Func<T, string> write, Func<string, T?> read) : JsonConverter<T>
    where T : class
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        read(reader.GetString() ?? string.Empty) ?? throw new JsonException($"A stored {typeof(T).Name} is malformed.");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(write(value));
}

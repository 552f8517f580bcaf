using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;

namespace PatientAccess.Emulators.Tests;

/// <summary>
/// Builds a <see cref="CosmosClient"/> for the local emulator (tools/emulators/cosmos): Gateway mode over HTTPS,
/// the self-signed certificate accepted only when the endpoint is a loopback address, no region discovery,
/// System.Text.Json with camelCase names.
/// </summary>
public static class EmulatorCosmosClient
{
    /// <summary>The emulator's well-known account key (public; used only for local emulators).</summary>
    public const string WellKnownKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    /// <summary>Default endpoint when COSMOS_ENDPOINT is not set.</summary>
    public static readonly Uri DefaultEndpoint = new("https://127.0.0.1:8081/");

    public static JsonSerializerOptions SerializerOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The endpoint from COSMOS_ENDPOINT, or the default.</summary>
    public static Uri EndpointFromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable("COSMOS_ENDPOINT");
        return string.IsNullOrWhiteSpace(value) ? DefaultEndpoint : new Uri(value, UriKind.Absolute);
    }

    /// <summary>
    /// Creates a client. <paramref name="onConnect"/>, when given, is called for every new TCP connection the
    /// client opens (tests use it to prove keep-alive).
    /// </summary>
    public static CosmosClient Create(Uri endpoint, string key = WellKnownKey, Action? onConnect = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var handler = CreateHandler(endpoint, onConnect);
        var options = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = true,
            HttpClientFactory = () => new HttpClient(handler, disposeHandler: false),
            UseSystemTextJsonSerializerWithOptions = SerializerOptions,
            RequestTimeout = TimeSpan.FromSeconds(10),
            MaxRetryAttemptsOnRateLimitedRequests = 0,
        };
        return new CosmosClient(endpoint.AbsoluteUri, key, options);
    }

    /// <summary>True for 127.0.0.0/8, ::1 and "localhost": the only hosts whose self-signed certificate we accept.</summary>
    public static bool IsLoopback(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static SocketsHttpHandler CreateHandler(Uri endpoint, Action? onConnect)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (sender, _, _, errors) =>
                    errors == SslPolicyErrors.None
                    || (IsLoopback(endpoint.Host) && sender is SslStream stream && IsLoopback(stream.TargetHostName)),
            },
        };
        if (onConnect is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                onConnect();
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return handler;
    }
}

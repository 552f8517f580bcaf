using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Registrations;
using PatientAccess.PayerSandbox;

namespace PatientAccess.PriorAuth.Tests.Infrastructure;

/// <summary>The local servers (started by test.sh / tools/emulators), overridable by environment.</summary>
public static class LocalServers
{
    public const string CosmosWellKnownKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static string CosmosEndpoint => Env("COSMOS_ENDPOINT") ?? "https://127.0.0.1:8081/";

    public static string AzuriteConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};BlobEndpoint={Env("AZURITE_BLOB_ENDPOINT") ?? "http://127.0.0.1:10000/devstoreaccount1"};";

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}

/// <summary>The real payer sandbox, in-process on a free loopback port.</summary>
public sealed class SandboxHost : IAsyncLifetime
{
    public const string Username = "sandbox";
    public const string Password = "test-sandbox-password";

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public AuthorizationSimulator Authorizations => _app!.Services.GetRequiredService<AuthorizationSimulator>();

    public SubscriptionRegistry Subscriptions => _app!.Services.GetRequiredService<SubscriptionRegistry>();

    public async Task InitializeAsync()
    {
        _app = SandboxApp.Create([], new Dictionary<string, string?>
        {
            ["Sandbox:Url"] = "http://127.0.0.1:0",
            ["Sandbox:Username"] = Username,
            ["Sandbox:Password"] = Password,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await _app.StartAsync();
        BaseAddress = SandboxApp.BaseAddress(_app);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

/// <summary>Settings as the hosts bind them: the payer directory (SBXPPO over PAS with subscriptions, SBXHMO over 278), the clearinghouse, the stores.</summary>
public static class Settings
{
    public const string PpoSecret = "test-notification-secret-ppo";
    public const string SecretHeader = "X-Notification-Secret";

    public static Dictionary<string, string?> For(Uri sandbox, string database) => new()
    {
        ["PriorAuth:BaseUrl"] = new Uri(sandbox, "fhir/").ToString(),
        ["PriorAuth:TotalBudgetSeconds"] = "20",
        ["PriorAuth:Payers:0:PayerId"] = "SBXPPO",
        ["PriorAuth:Payers:0:Name"] = "SANDBOX PPO HEALTH PLAN",
        ["PriorAuth:Payers:0:Protocol"] = "Pas",
        ["PriorAuth:Payers:0:SupportsSubscriptions"] = "true",
        ["PriorAuth:Payers:0:PollIntervalMinutes"] = "240",
        ["PriorAuth:Payers:0:NotificationSecretName"] = "PriorAuthSecrets:SBXPPO",
        ["PriorAuth:Payers:0:NotificationHeader"] = SecretHeader,
        ["PriorAuth:Payers:0:WhenUnknown"] = "AskPayer",
        ["PriorAuth:Payers:1:PayerId"] = "SBXHMO",
        ["PriorAuth:Payers:1:Name"] = "SANDBOX HMO",
        ["PriorAuth:Payers:1:Protocol"] = "X12",
        ["PriorAuth:Payers:1:PollIntervalMinutes"] = "60",
        ["PriorAuthSecrets:SBXPPO"] = PpoSecret,
        ["Clearinghouse:BaseUrl"] = sandbox.ToString(),
        ["Clearinghouse:Username"] = SandboxHost.Username,
        ["Clearinghouse:Password"] = SandboxHost.Password,
        ["CardStorage"] = LocalServers.AzuriteConnectionString,
        ["Cosmos:Endpoint"] = LocalServers.CosmosEndpoint,
        ["Cosmos:Key"] = LocalServers.CosmosWellKnownKey,
        ["Cosmos:Database"] = database,
        ["Cosmos:CreateIfMissing"] = "true",
    };

    public static IConfiguration Configuration(Uri sandbox, string database) =>
        new ConfigurationBuilder().AddInMemoryCollection(For(sandbox, database)).Build();
}

/// <summary>Registrations of the sandbox's synthetic people with the services of a scenario.</summary>
public static class Registrations
{
    public static Registration For(string payerId, string memberId, params string[] serviceCodes)
    {
        Assert.True(Npi.TryCreate("1234567893", out var npi));
        var codes = serviceCodes.Select(c => ProcedureCode.TryCreate(c, out var code) ? code : throw new ArgumentException(c)).ToList();
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        return new Registration(
            RegistrationId.New(Guid.NewGuid()),
            new Patient(new PersonName("JANE", "ACTIVE"), new DateOnly(1985, 3, 14), AdministrativeSex.Female,
                new PostalAddress("1 Test Street", null, "Springfield", "IL", "62701"), null, null, "en", "America/Chicago"),
            new Appointment(new DateTimeOffset(2026, 12, 15, 16, 0, 0, TimeSpan.Zero), "America/Chicago", codes, npi, null, "FAC-1"),
            null,
            new Consents(true, true, "2026-01", now),
            now,
            coverage: new CoverageToCheck(payerId, null, memberId, "GRP10001", CoverageSource.Card));
    }
}

namespace PatientAccess.Eligibility.Tests.Infrastructure;

/// <summary>The local servers the tests use (started by test.sh / tools/emulators); overridable by environment.</summary>
public static class LocalServers
{
    public const string CosmosWellKnownKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static string CosmosEndpoint => Env("COSMOS_ENDPOINT") ?? "https://127.0.0.1:8081/";

    public static string AzuriteBlobEndpoint => Env("AZURITE_BLOB_ENDPOINT") ?? "http://127.0.0.1:10000/devstoreaccount1";

    public static string AzuriteConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};BlobEndpoint={AzuriteBlobEndpoint};";

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}

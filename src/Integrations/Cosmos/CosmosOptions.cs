using System.ComponentModel.DataAnnotations;

namespace PatientAccess.Integrations.Cosmos;

/// <summary>Cosmos DB settings (section "Cosmos"). In Azure: Endpoint + managed identity; locally: the emulator with its key.</summary>
public sealed class CosmosOptions
{
    public const string Section = "Cosmos";

    /// <summary>Account endpoint, e.g. https://myaccount.documents.azure.com:443/.</summary>
    [Required]
    public Uri? Endpoint { get; set; }

    /// <summary>Database name.</summary>
    [Required]
    public string Database { get; set; } = "patientaccess";

    /// <summary>
    /// Account key, for the local emulator only (its well-known key). Azure deployments leave it empty and
    /// use managed identity with the Cosmos DB Built-in Data Contributor role.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>Create the database and containers at start-up (local runs and tests; Bicep creates them in Azure).</summary>
    public bool CreateIfMissing { get; set; }

    public bool IsLoopback => Endpoint is { IsLoopback: true };
}

/// <summary>Container names and partition keys; infra/app/cosmos.bicep creates the same ones.</summary>
public static class CosmosContainers
{
    public const string Registrations = "registrations";
    public const string Idempotency = "idempotency";
    public const string WorkItems = "workitems";
    public const string Audit = "audit";
    public const string Outbox = "outbox";
    public const string Leases = "leases";
    public const string Authorizations = "authorizations";
    public const string AuthorizationKeys = "authorization-keys";
    public const string PriorAuthNotifications = "priorauth-notifications";
    public const string PatientLinks = "patientlinks";
    public const string Questions = "questions";

    /// <summary>Payer notifications are remembered for 30 days (a payer retries a rest-hook for hours, not weeks).</summary>
    public const int NotificationTtlSeconds = 30 * 86_400;

    /// <summary>Idempotency keys are remembered for one day.</summary>
    public const int IdempotencyTtlSeconds = 86_400;

    /// <summary>Time to live on, no default: each patient link document carries its own <c>ttl</c>.</summary>
    public const int PerItemTtl = -1;

    public static readonly IReadOnlyList<(string Name, string PartitionKeyPath, int? DefaultTtl)> All =
    [
        (Registrations, "/id", null),
        (Idempotency, "/id", IdempotencyTtlSeconds),
        (WorkItems, "/registrationId", null),
        (Audit, "/registrationId", null),
        (Outbox, "/registrationId", null),
        (Leases, "/id", null),
        (Authorizations, "/registrationId", null),
        (AuthorizationKeys, "/key", null),
        (PriorAuthNotifications, "/id", NotificationTtlSeconds),
        (PatientLinks, "/id", PerItemTtl),
        (Questions, "/registrationId", null),
    ];
}

using System.ComponentModel.DataAnnotations;

namespace PatientAccess.Integrations.Eligibility;

/// <summary>How the clearinghouse is spoken to.</summary>
public enum ClearinghouseMode
{
    /// <summary>X12 270/271 real time over HTTP in the CAQH CORE connectivity style (multipart/form-data envelope).</summary>
    Core,

    /// <summary>The clearinghouse's JSON eligibility API (Change Healthcare / Stedi "eligibility/v3" shape).</summary>
    Json,
}

/// <summary>
/// The eligibility clearinghouse (section "Clearinghouse"). Locally the payer sandbox; in Azure the password (and user)
/// are Key Vault references in app settings.
/// </summary>
public sealed class ClearinghouseOptions
{
    public const string Section = "Clearinghouse";

    /// <summary>Base URL, e.g. http://127.0.0.1:7080/ (the sandbox).</summary>
    [Required]
    public Uri? BaseUrl { get; set; }

    public ClearinghouseMode Mode { get; set; } = ClearinghouseMode.Core;

    /// <summary>Basic-auth user; with <see cref="Password"/>.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Sent as "Authorization: Bearer" when set (instead of basic auth).</summary>
    public string? BearerToken { get; set; }

    /// <summary>Our id at the clearinghouse: CORE SenderID and ISA06 (15 characters at most).</summary>
    [Required]
    [StringLength(15, MinimumLength = 2)]
    public string SenderId { get; set; } = "PATIENTACCESS";

    /// <summary>The clearinghouse's id: CORE ReceiverID and ISA08.</summary>
    [Required]
    [StringLength(15, MinimumLength = 2)]
    public string ReceiverId { get; set; } = "SBXCLEARHOUSE";

    /// <summary>The provider organization asking (2100B); used when the request names none.</summary>
    public string? ProviderNpi { get; set; }

    [Required]
    public string ProviderName { get; set; } = "PATIENTACCESS HOSPITAL";

    /// <summary>Path of the CORE real-time endpoint under <see cref="BaseUrl"/>.</summary>
    [Required]
    public string CorePath { get; set; } = "core/realtime";

    /// <summary>Path of the JSON eligibility endpoint under <see cref="BaseUrl"/>.</summary>
    [Required]
    public string JsonPath { get; set; } = "eligibility/v3";

    /// <summary>ISA15: P production, T test.</summary>
    [RegularExpression("^[PT]$")]
    public string UsageIndicator { get; set; } = "P";

    /// <summary>The whole check, retries included, must finish within this budget.</summary>
    [Range(1, 300)]
    public int TotalBudgetSeconds { get; set; } = 20;

    /// <summary>One HTTP attempt's timeout.</summary>
    [Range(1, 120)]
    public int AttemptTimeoutSeconds { get; set; } = 8;

    /// <summary>Retries of transient HTTP failures (5xx, 408, 429, timeouts, connection errors) within the budget.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;
}

/// <summary>
/// Where raw eligibility responses are kept (section "CardStorage", the storage account that also holds the card
/// images): <c>CardStorage:blobServiceUri</c> with managed identity in Azure, or a connection string locally
/// (<c>CardStorage:connectionString</c>, or the section's own value, e.g. <c>UseDevelopmentStorage=true</c>).
/// </summary>
public sealed class AuditStorageOptions : IValidatableObject
{
    public const string Section = "CardStorage";

    public Uri? BlobServiceUri { get; set; }

    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BlobServiceUri is null && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Set CardStorage:blobServiceUri (Azure) or a CardStorage connection string (local).", [nameof(BlobServiceUri)]);
        }
    }
}

using System.ComponentModel.DataAnnotations;
using PatientAccess.Domain.PriorAuth;

namespace PatientAccess.Integrations.PriorAuth;

/// <summary>
/// Prior authorization (section "PriorAuth"): the hospital as requester, the payer directory (PAS or 278 per payer,
/// subscriptions, poll interval, notification secret) and where the payers' lists live. Locally the payer sandbox.
/// </summary>
public sealed class PriorAuthOptions : IValidatableObject
{
    public const string Section = "PriorAuth";

    /// <summary>FHIR base of the Da Vinci PAS endpoint for payers without their own <see cref="PayerDirectoryEntry.BaseUrl"/>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The hospital asking (PAS Claim.provider / 278 2010B): name and NPI.</summary>
    [Required]
    public string RequesterName { get; set; } = "PATIENTACCESS HOSPITAL";

    /// <summary>The hospital's organization NPI.</summary>
    [Required]
    [RegularExpression("^[12][0-9]{9}$")]
    public string RequesterNpi { get; set; } = "1234567893";

    /// <summary>Where the services happen (278 2010EB FA with N3/N4; PAS careTeam facility Organization).</summary>
    [Required]
    public FacilityOptions Facility { get; set; } = new();

    /// <summary>CMS place of service of the service lines (22 outpatient hospital by default).</summary>
    [RegularExpression("^[0-9]{2}$")]
    public string PlaceOfService { get; set; } = PlacesOfService.OutpatientHospital;

    /// <summary>TRN03 / urn:trnorg: our 10-character originating company id (1 + EIN by convention).</summary>
    [RegularExpression("^[0-9A-Z]{10}$")]
    public string TraceOriginator { get; set; } = "1999999999";

    /// <summary>Directory of the payers' authorization lists ({payerId}.json, checked against payer-rules.schema.json); relative to the app's directory.</summary>
    [Required]
    public string RulesDirectory { get; set; } = "PriorAuth/payer-rules";

    /// <summary>The payer directory.</summary>
    public List<PayerDirectoryEntry> Payers { get; set; } = [];

    /// <summary>The whole call, retries included, must finish within this budget.</summary>
    [Range(1, 300)]
    public int TotalBudgetSeconds { get; set; } = 30;

    [Range(1, 120)]
    public int AttemptTimeoutSeconds { get; set; } = 10;

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (payer, i) in Payers.Select((p, i) => (p, i)))
        {
            if (string.IsNullOrWhiteSpace(payer.PayerId) || !seen.Add(payer.PayerId))
                yield return new ValidationResult($"PriorAuth:Payers:{i}:PayerId must be set and unique.", [nameof(Payers)]);
            if (payer.Protocol == PriorAuthProtocol.Pas && payer.BaseUrl is null && BaseUrl is null)
                yield return new ValidationResult($"PriorAuth:Payers:{i} speaks PAS but neither it nor PriorAuth:BaseUrl has a FHIR base URL.", [nameof(Payers)]);
            if (payer.SupportsSubscriptions && string.IsNullOrWhiteSpace(payer.NotificationSecretName))
                yield return new ValidationResult($"PriorAuth:Payers:{i} sends notifications but names no NotificationSecretName.", [nameof(Payers)]);
            if (payer.PollIntervalMinutes is < 1 or > 10080)
                yield return new ValidationResult($"PriorAuth:Payers:{i}:PollIntervalMinutes must be 1 to 10080.", [nameof(Payers)]);
        }
    }
}

/// <summary>The facility's name, NPI and address.</summary>
public sealed class FacilityOptions
{
    [Required]
    public string Name { get; set; } = "PATIENTACCESS MAIN CAMPUS";

    [RegularExpression("^[12][0-9]{9}$")]
    public string Npi { get; set; } = "1234567893";

    [Required]
    public string Line1 { get; set; } = "1 HOSPITAL DRIVE";

    [Required]
    public string City { get; set; } = "SPRINGFIELD";

    [RegularExpression("^[A-Z]{2}$")]
    public string State { get; set; } = "IL";

    [RegularExpression("^[0-9]{5}(-[0-9]{4})?$")]
    public string PostalCode { get; set; } = "62701";
}

/// <summary>One payer of the directory.</summary>
public sealed class PayerDirectoryEntry
{
    /// <summary>The payer id as on the coverage (the clearinghouse's payer id).</summary>
    public string PayerId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public PriorAuthProtocol Protocol { get; set; } = PriorAuthProtocol.Pas;

    /// <summary>The payer's PAS FHIR base; <see cref="PriorAuthOptions.BaseUrl"/> when absent. 278 payers go through the clearinghouse (section "Clearinghouse").</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The payer sends R4 Subscriptions Backport rest-hook notifications for pended requests.</summary>
    public bool SupportsSubscriptions { get; set; }

    /// <summary>How often a pended request is asked about ($inquire / 278 inquiry); never more often. With subscriptions this is only a backstop.</summary>
    public int PollIntervalMinutes { get; set; } = 240;

    /// <summary>
    /// The name of the configuration value (in Azure an app setting with a Key Vault reference) holding the secret the
    /// payer sends in <see cref="NotificationHeader"/> with every notification. Never the secret itself.
    /// </summary>
    public string? NotificationSecretName { get; set; }

    /// <summary>The header the payer puts the secret in (the Subscription's channel.header).</summary>
    public string NotificationHeader { get; set; } = "X-Notification-Secret";

    /// <summary>What to do when it is unknown whether a line needs an authorization.</summary>
    public UnknownNeedPolicy WhenUnknown { get; set; } = UnknownNeedPolicy.AskSpecialist;

    public AuthorizationUrgency DefaultUrgency { get; set; } = AuthorizationUrgency.Standard;

    public PriorAuthPayer ToDomain() =>
        new(PayerId, Name, Protocol, SupportsSubscriptions, TimeSpan.FromMinutes(PollIntervalMinutes), WhenUnknown, DefaultUrgency);
}

using System.ComponentModel.DataAnnotations;

namespace PatientAccess.Integrations.Cards;

/// <summary>Azure AI Document Intelligence settings (section "DocumentIntelligence").</summary>
public sealed class DocumentIntelligenceOptions
{
    public const string Section = "DocumentIntelligence";
    public const string V4 = "2024-11-30";
    public const string V31 = "2023-07-31";
    public const string ModelId = "prebuilt-healthInsuranceCard.us";

    /// <summary>The resource endpoint, e.g. https://my-di.cognitiveservices.azure.com/. Unset: cards are read locally.</summary>
    [Required]
    public Uri? Endpoint { get; set; }

    /// <summary>2024-11-30 (v4, /documentintelligence) or 2023-07-31 (v3.1, /formrecognizer).</summary>
    [Required]
    [AllowedValues(V4, V31)]
    public string ApiVersion { get; set; } = V4;

    /// <summary>
    /// A resource key, for local experiments only. In Azure leave it empty: the app's managed identity gets an
    /// Entra token for https://cognitiveservices.azure.com/.default.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>Poll interval when the service sends no Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Give up polling (transient failure) after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries of one request answered 429/5xx before the read fails as transient.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>Consecutive transient failures that open the fallback circuit (Tesseract takes over).</summary>
    [Range(1, 100)]
    public int CircuitFailureThreshold { get; set; } = 3;

    /// <summary>How long the circuit stays open before Document Intelligence is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromMinutes(1);

    internal bool IsV4 => ApiVersion == V4;
}

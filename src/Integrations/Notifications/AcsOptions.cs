using System.ComponentModel.DataAnnotations;

namespace PatientAccess.Integrations.Notifications;

/// <summary>
/// Azure Communication Services settings (section "Acs"). Without <see cref="Endpoint"/> nothing is sent: the
/// outbox itself is the channel (<see cref="OutboxOnlySender"/>). In Azure, leave <see cref="AccessKey"/> empty:
/// requests carry an Entra token for the app's managed identity (role "Communication and Email Service Owner"
/// or a custom role with SMS/email send on the resource).
/// </summary>
public sealed class AcsOptions : IValidatableObject
{
    public const string Section = "Acs";

    /// <summary>The resource endpoint, e.g. https://my-acs.unitedstates.communication.azure.com/.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The verified email sender address, e.g. DoNotReply@contoso-health.org; null disables email.</summary>
    public string? EmailSender { get; set; }

    /// <summary>The toll-free or short-code number SMS come from, in E.164; null disables SMS.</summary>
    public string? SmsFrom { get; set; }

    /// <summary>The resource access key (base64), for local tests against a fake server only. Empty in Azure.</summary>
    public string? AccessKey { get; set; }

    /// <summary>Ask ACS for SMS delivery reports (Event Grid).</summary>
    public bool EnableDeliveryReport { get; set; } = true;

    /// <summary>How long one send waits for an email operation to finish before it reports "try again later".</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan EmailPollTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The timeout of one HTTP request to ACS.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => Endpoint is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Endpoint is null) yield break;
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttps && !(Endpoint.Scheme == Uri.UriSchemeHttp && Endpoint.IsLoopback)))
            yield return new ValidationResult("Acs:Endpoint must be an absolute https URL (http only for loopback test servers).", [nameof(Endpoint)]);
        if (string.IsNullOrWhiteSpace(SmsFrom) && string.IsNullOrWhiteSpace(EmailSender))
            yield return new ValidationResult("Acs:SmsFrom or Acs:EmailSender is required when Acs:Endpoint is set.", [nameof(SmsFrom), nameof(EmailSender)]);
        if (!string.IsNullOrWhiteSpace(SmsFrom) && (SmsFrom[0] != '+' || SmsFrom.Length < 8 || SmsFrom.Length > 16 || !SmsFrom.Skip(1).All(char.IsAsciiDigit)))
            yield return new ValidationResult("Acs:SmsFrom must be an E.164 number.", [nameof(SmsFrom)]);
        if (!string.IsNullOrWhiteSpace(AccessKey) && !IsBase64(AccessKey))
            yield return new ValidationResult("Acs:AccessKey must be the base64 access key.", [nameof(AccessKey)]);
    }

    private static bool IsBase64(string text)
    {
        Span<byte> buffer = stackalloc byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && written > 0;
    }
}

/// <summary>The dispatcher's settings (section "Notifications").</summary>
public sealed class NotificationDispatcherOptions
{
    public const string Section = "Notifications";

    /// <summary>How many due messages one dispatch pass takes.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>How long a claim holds a message; a dispatcher that dies lets it lapse and another continues.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Delivery attempts before a transiently failing message is marked Failed.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first retry waits this long; each further one twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
}

using System.ComponentModel.DataAnnotations;

namespace PatientAccess.Workflow.Operations;

/// <summary>Settings of the clearance workflow (section "Clearance").</summary>
public sealed class ClearanceOptions
{
    public const string Section = "Clearance";

    /// <summary>
    /// How long the clearance waits for card photos before a specialist is asked. Default 7 days: a backstop
    /// for patients who cannot be reminded; with reminders the give-up after the last one comes first.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan CardWaitTimeout { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How often a pended prior authorization is asked about; null (the default) takes the payer directory's
    /// PollIntervalMinutes. Shorter only for demos and tests.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan? AuthorizationPollInterval { get; set; }

    /// <summary>
    /// For demos and tests only: the payer's decision deadline this long after receipt instead of the CMS-0057-F
    /// window. Null (the default) in production.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan? AuthorizationDecisionWindow { get; set; }
}

using PatientAccess.Domain.Notifications;

namespace PatientAccess.Integrations.Notifications;

/// <summary>
/// Quiet hours (section "QuietHours"; app settings <c>QuietHours__Start</c>, <c>QuietHours__End</c>): the local times,
/// in the patient's time zone, between which no reminder goes out; a message written then waits until
/// <see cref="End"/>. Start is inclusive, End exclusive, and the window wraps midnight. A clinic may widen the
/// default 21:00-08:00 (some states allow texts only until 20:00) but never narrow it: the federal calling window
/// (47 CFR 64.1200(c)(1), 08:00-21:00 at the called party's location) stays closed at night whatever is configured.
/// </summary>
public sealed class QuietHoursOptions
{
    public const string Section = "QuietHours";

    /// <summary>The latest start the federal rule allows.</summary>
    public static readonly TimeOnly LatestStart = ContactRules.Default.QuietStart;

    /// <summary>The earliest end the federal rule allows.</summary>
    public static readonly TimeOnly EarliestEnd = ContactRules.Default.QuietEnd;

    /// <summary>When quiet hours begin, local time ("HH:mm"). Default 21:00; at most 21:00.</summary>
    public TimeOnly Start { get; set; } = LatestStart;

    /// <summary>When they end, local time ("HH:mm"). Default 08:00; at least 08:00.</summary>
    public TimeOnly End { get; set; } = EarliestEnd;

    /// <summary>
    /// True when the window spans midnight and covers at least 21:00-08:00, and leaves at least an hour to send in.
    /// </summary>
    public bool IsValid => Start > End && Start <= LatestStart && End >= EarliestEnd && Start - End >= TimeSpan.FromHours(1);

    /// <summary>The contact rules with these quiet hours (caps as <see cref="ContactRules.Default"/>).</summary>
    public ContactRules Rules => ContactRules.Default with { QuietStart = Start, QuietEnd = End };
}

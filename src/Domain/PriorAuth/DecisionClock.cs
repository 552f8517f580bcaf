namespace PatientAccess.Domain.PriorAuth;

/// <summary>How fast the payer must decide (CMS-0057-F).</summary>
public enum AuthorizationUrgency
{
    /// <summary>7 calendar days from receipt.</summary>
    Standard,

    /// <summary>72 hours from receipt (the provider says waiting could seriously jeopardize the patient).</summary>
    Expedited,
}

/// <summary>The decision clock of one request: when the payer received it, when it must decide, when we warn a specialist.</summary>
public sealed record DecisionDeadline(AuthorizationUrgency Urgency, DateTimeOffset ReceivedAt, DateTimeOffset WarnAt, DateTimeOffset Deadline);

/// <summary>Where a request stands against its clock.</summary>
public enum ClockState
{
    OnTime,
    Warning,
    Overdue,
}

/// <summary>
/// The CMS-0057-F decision clock (pure). Expedited: 72 elapsed hours from receipt. Standard: 7 calendar days from
/// receipt, counted on the calendar of <c>zone</c> (the clinic's time zone): the same wall-clock time 7 days later,
/// so across a DST change the deadline is 167 or 169 hours after receipt. A wall-clock time that does not exist
/// (spring forward) moves forward by the gap; one that exists twice (fall back) takes the later instant, so the
/// payer never has less than 7 calendar days. The warning comes <see cref="WarningLead"/> before the deadline
/// (24 h standard, 12 h expedited) so a specialist can call the payer while there is still time.
/// </summary>
public static class DecisionClock
{
    public static readonly TimeSpan ExpeditedWindow = TimeSpan.FromHours(72);
    public const int StandardCalendarDays = 7;

    public static TimeSpan WarningLead(AuthorizationUrgency urgency) =>
        urgency == AuthorizationUrgency.Expedited ? TimeSpan.FromHours(12) : TimeSpan.FromHours(24);

    public static DecisionDeadline For(DateTimeOffset receivedAt, AuthorizationUrgency urgency, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var deadline = urgency == AuthorizationUrgency.Expedited
            ? receivedAt.ToUniversalTime() + ExpeditedWindow
            : AddCalendarDays(receivedAt, StandardCalendarDays, zone);
        return new DecisionDeadline(urgency, receivedAt.ToUniversalTime(), deadline - WarningLead(urgency), deadline);
    }

    public static ClockState StateAt(DecisionDeadline deadline, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        return now >= deadline.Deadline ? ClockState.Overdue : now >= deadline.WarnAt ? ClockState.Warning : ClockState.OnTime;
    }

    public static ClockState StateAt(DecisionDeadline deadline, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return StateAt(deadline, time.GetUtcNow());
    }

    /// <summary>Time from the payer's receipt to its decision, for reporting (never negative).</summary>
    public static TimeSpan TimeToDecision(DateTimeOffset receivedAt, DateTimeOffset decidedAt) =>
        decidedAt > receivedAt ? decidedAt - receivedAt : TimeSpan.Zero;

    private static DateTimeOffset AddCalendarDays(DateTimeOffset receivedAt, int days, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(receivedAt, zone).DateTime;
        var target = DateTime.SpecifyKind(local.AddDays(days), DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(target))
        {
            // Spring forward: the wall-clock time is skipped; move forward by the gap (usually one hour).
            var before = zone.GetUtcOffset(target.AddHours(-3));
            var after = zone.GetUtcOffset(target.AddHours(3));
            target = target + (after - before);
        }
        if (zone.IsAmbiguousTime(target))
        {
            // Fall back: the wall-clock time happens twice; the later instant has the smaller offset.
            var offset = zone.GetAmbiguousTimeOffsets(target).Min();
            return new DateTimeOffset(target, offset).ToUniversalTime();
        }
        return new DateTimeOffset(target, zone.GetUtcOffset(target)).ToUniversalTime();
    }
}

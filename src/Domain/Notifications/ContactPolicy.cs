namespace PatientAccess.Domain.Notifications;

/// <summary>A message that already went out (or is going out right now) to this patient.</summary>
public sealed record SentMessage(NotificationChannel Channel, MessagePurpose Purpose, DateTimeOffset SentAtUtc);

/// <summary>What <see cref="ContactPolicy"/> decided.</summary>
public enum ContactDecisionKind
{
    /// <summary>Send it now.</summary>
    SendNow,
    /// <summary>Not now; send at <see cref="ContactDecision.SendAtUtc"/> (quiet hours or caps). Never dropped for that.</summary>
    SendAt,
    /// <summary>Too late: the appointment has passed or the next allowed moment is after it.</summary>
    Drop,
    /// <summary>We may not contact the patient on this channel (no consent, withdrawn, unknown time zone).</summary>
    Suppress,
}

/// <summary>Why, in one word a log line or a status page can show (no PHI).</summary>
public enum ContactReason
{
    Allowed,
    QuietHours,
    DailyCap,
    WeeklyCap,
    ConsentNotGiven,
    ConsentWithdrawn,
    UnknownTimeZone,
    AppointmentPassed,
    NextWindowAfterAppointment,
    NoAddress,
    RecipientUnknown,
    /// <summary>A reminder whose task the patient (or a specialist) finished before it could be sent.</summary>
    NoLongerNeeded,
}

public sealed record ContactDecision(ContactDecisionKind Kind, ContactReason Reason, DateTimeOffset? SendAtUtc)
{
    public static ContactDecision Now() => new(ContactDecisionKind.SendNow, ContactReason.Allowed, null);
    public static ContactDecision At(DateTimeOffset sendAtUtc, ContactReason reason) => new(ContactDecisionKind.SendAt, reason, sendAtUtc);
    public static ContactDecision Dropped(ContactReason reason) => new(ContactDecisionKind.Drop, reason, null);
    public static ContactDecision Suppressed(ContactReason reason) => new(ContactDecisionKind.Suppress, reason, null);
}

/// <summary>
/// The contact limits. Defaults follow the TCPA healthcare exemption: at most 1 message a day and 3 in any
/// 7 consecutive days per patient and channel, nothing between 21:00 and 08:00 in the patient's time zone.
/// </summary>
public sealed record ContactRules
{
    public int DailyCap { get; init; } = 1;
    public int WeeklyCap { get; init; } = 3;
    /// <summary>Length of the rolling "week" in the patient's calendar days (today and the 6 days before).</summary>
    public int WeekDays { get; init; } = 7;
    public TimeOnly QuietStart { get; init; } = new(21, 0);
    public TimeOnly QuietEnd { get; init; } = new(8, 0);

    public static ContactRules Default { get; } = new();

    internal void Validate()
    {
        if (DailyCap < 1 || WeeklyCap < 1 || WeekDays < 1) throw new ArgumentException("Caps and the week length must be at least 1.");
        if (QuietStart == QuietEnd) throw new ArgumentException("Quiet hours must not start and end at the same time.");
    }
}

/// <summary>
/// "May we send this message now?" as a pure function of consents, what was already sent, the patient's
/// time zone, the appointment and now.
/// <list type="bullet">
/// <item>Consent is per channel; without a given consent the message is suppressed, never queued.</item>
/// <item>Days and weeks are the patient's calendar days in their IANA zone (a DST day has 23 or 25 hours,
/// it is still one day). The daily cap counts messages on the same local date; the weekly cap counts the
/// local dates from today back <see cref="ContactRules.WeekDays"/>-1 days (a rolling week, stricter than a
/// calendar week, which would allow 6 messages in 6 days across a week boundary).</item>
/// <item>Caps count every message sent on the same channel, whatever its purpose (the exemption's limits
/// apply to every exempt message, so a reminder and an authorization notice on one day exceed it);
/// SMS and email are counted separately. <see cref="MessagePurpose.KeywordReply"/> is exempt from caps,
/// quiet hours and consent, as it answers the patient's own text, and is not counted.</item>
/// <item>Quiet hours (default 21:00 to 08:00 local) move the message to the next allowed local time; if
/// that wall-clock time does not exist on a spring-forward day, the first existing minute after it is used.</item>
/// <item>After the appointment nothing goes out: the message is dropped with a reason.</item>
/// </list>
/// </summary>
public sealed class ContactPolicy
{
    private const int MaxSteps = 256;
    private readonly ContactRules _rules;

    public ContactPolicy(ContactRules? rules = null)
    {
        _rules = rules ?? ContactRules.Default;
        _rules.Validate();
    }

    public ContactRules Rules => _rules;

    public ContactDecision Decide(
        NotificationChannel channel,
        MessagePurpose purpose,
        ConsentLedger consents,
        IReadOnlyCollection<SentMessage> history,
        string? timeZoneId,
        DateTimeOffset? appointmentAtUtc,
        DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(consents);
        ArgumentNullException.ThrowIfNull(history);

        if (appointmentAtUtc is { } passed && passed <= nowUtc) return ContactDecision.Dropped(ContactReason.AppointmentPassed);
        if (purpose == MessagePurpose.KeywordReply) return ContactDecision.Now();

        switch (consents.StateOf(channel))
        {
            case ConsentState.NotGiven: return ContactDecision.Suppressed(ContactReason.ConsentNotGiven);
            case ConsentState.Withdrawn: return ContactDecision.Suppressed(ContactReason.ConsentWithdrawn);
        }

        if (!PatientTimeZone.TryResolve(timeZoneId, out var zone)) return ContactDecision.Suppressed(ContactReason.UnknownTimeZone);

        var sentDates = history
            .Where(m => m.Channel == channel && m.Purpose != MessagePurpose.KeywordReply)
            .Select(m => PatientTimeZone.LocalDate(m.SentAtUtc, zone))
            .ToList();

        var candidate = nowUtc;
        ContactReason? firstReason = null;
        for (var step = 0; ; step++)
        {
            if (step == MaxSteps) throw new InvalidOperationException("No allowed send time found within the search horizon.");
            var local = TimeZoneInfo.ConvertTime(candidate, zone);
            var date = DateOnly.FromDateTime(local.DateTime);
            var time = TimeOnly.FromDateTime(local.DateTime);

            if (IsQuiet(time))
            {
                var windowDate = time < _rules.QuietEnd ? date : date.AddDays(1);
                candidate = PatientTimeZone.ToUtc(windowDate, _rules.QuietEnd, zone);
                firstReason ??= ContactReason.QuietHours;
                continue;
            }
            if (sentDates.Count(d => d == date) >= _rules.DailyCap)
            {
                candidate = NextDayStart(date, zone);
                firstReason ??= ContactReason.DailyCap;
                continue;
            }
            var weekStart = date.AddDays(-(_rules.WeekDays - 1));
            if (sentDates.Count(d => d >= weekStart && d <= date) >= _rules.WeeklyCap)
            {
                candidate = NextDayStart(date, zone);
                firstReason ??= ContactReason.WeeklyCap;
                continue;
            }
            break;
        }

        if (appointmentAtUtc is { } appointment && candidate >= appointment)
        {
            return ContactDecision.Dropped(ContactReason.NextWindowAfterAppointment);
        }
        return firstReason is { } reason ? ContactDecision.At(candidate.ToUniversalTime(), reason) : ContactDecision.Now();
    }

    /// <summary>True when <paramref name="localTime"/> falls in quiet hours (start inclusive, end exclusive).</summary>
    public bool IsQuiet(TimeOnly localTime) =>
        _rules.QuietStart > _rules.QuietEnd
            ? localTime >= _rules.QuietStart || localTime < _rules.QuietEnd
            : localTime >= _rules.QuietStart && localTime < _rules.QuietEnd;

    // The first allowed instant of the next local day: midnight when quiet hours do not wrap it, else their end.
    private DateTimeOffset NextDayStart(DateOnly date, TimeZoneInfo zone)
    {
        var next = date.AddDays(1);
        return _rules.QuietStart > _rules.QuietEnd
            ? PatientTimeZone.ToUtc(next, _rules.QuietEnd, zone)
            : PatientTimeZone.ToUtc(next, TimeOnly.MinValue, zone);
    }
}

/// <summary>Helpers for wall-clock times in a patient's IANA time zone.</summary>
public static class PatientTimeZone
{
    public static bool TryResolve(string? ianaId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        return !string.IsNullOrWhiteSpace(ianaId) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId.Trim(), out zone);
    }

    /// <summary>The patient's calendar date at <paramref name="instant"/>.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// The instant at which the wall clock in <paramref name="zone"/> shows <paramref name="time"/> on
    /// <paramref name="date"/>. A time skipped by a spring-forward change maps to the first minute that exists
    /// after it; a time that occurs twice (fall-back) maps to its first occurrence.
    /// </summary>
    public static DateTimeOffset ToUtc(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        for (var i = 0; i < 24 * 60 && zone.IsInvalidTime(local); i++) local = local.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}

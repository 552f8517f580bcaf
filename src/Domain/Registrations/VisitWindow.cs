namespace PatientAccess.Domain.Registrations;

/// <summary>
/// When a visit may be: from today in the clinic's time zone (a patient registered the morning of a visit that has
/// started is still cleared) up to <see cref="MaxYearsAhead"/> years ahead. Pure; "now" comes from the caller's
/// <see cref="TimeProvider"/>.
/// </summary>
public static class VisitWindow
{
    public const int MaxYearsAhead = 2;

    /// <summary>Null when <paramref name="scheduledAt"/> is in the window, else the reason in plain words.</summary>
    public static string? Check(DateTimeOffset scheduledAt, TimeZoneInfo clinicZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(clinicZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, clinicZone).DateTime);
        var visitDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(scheduledAt, clinicZone).DateTime);
        if (visitDay < today) return "must be today or later in the clinic's time zone";
        return visitDay > today.AddYears(MaxYearsAhead) ? $"must be at most {MaxYearsAhead} years ahead" : null;
    }
}

using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Domain.Questions;

/// <summary>
/// When an open question is due: <see cref="BusinessHours"/> of the clinic's opening hours after it was asked, counted in
/// the clinic's time zone on its business days (<see cref="BusinessCalendar"/>: weekdays without holidays). A question
/// asked at night, on a weekend or a holiday starts counting when the clinic opens. Pure: a function of the instant given.
/// </summary>
public sealed class ResponseTarget
{
    private const int MaxDays = 400;

    public ResponseTarget(TimeSpan businessHours, TimeOnly opensAt, TimeOnly closesAt, BusinessCalendar calendar, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(zone);
        if (businessHours <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(businessHours), "The target must be positive.");
        if (closesAt <= opensAt) throw new ArgumentException("The clinic must close after it opens on the same day.", nameof(closesAt));
        BusinessHours = businessHours;
        OpensAt = opensAt;
        ClosesAt = closesAt;
        Calendar = calendar;
        Zone = zone;
    }

    public TimeSpan BusinessHours { get; }
    public TimeOnly OpensAt { get; }
    public TimeOnly ClosesAt { get; }
    public BusinessCalendar Calendar { get; }
    public TimeZoneInfo Zone { get; }

    /// <summary>The instant the answer is due for a question asked at <paramref name="askedAt"/>.</summary>
    public DateTimeOffset DueAt(DateTimeOffset askedAt)
    {
        var local = TimeZoneInfo.ConvertTime(askedAt, Zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var left = BusinessHours;
        for (var day = 0; day < MaxDays; day++, date = date.AddDays(1), time = OpensAt)
        {
            if (!Calendar.IsBusinessDay(date) || time >= ClosesAt) continue;
            var start = time < OpensAt ? OpensAt : time;
            var open = ClosesAt - start;
            if (left <= open) return PatientTimeZone.ToUtc(date, start.Add(left), Zone);
            left -= open;
        }
        throw new InvalidOperationException("No business day within the search horizon.");
    }

    /// <summary>True when the question asked at <paramref name="askedAt"/> is past its target at <paramref name="now"/>.</summary>
    public bool IsOverdue(DateTimeOffset askedAt, DateTimeOffset now) => now >= DueAt(askedAt);
}

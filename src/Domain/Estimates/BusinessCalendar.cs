namespace PatientAccess.Domain.Estimates;

/// <summary>
/// Which days count as business days: Monday to Friday except the configured holidays (by default the US federal
/// holidays of 5 U.S.C. 6103 on their observed days). Pure: every answer is a function of the dates given.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DayOfWeek> _closed;

    public BusinessCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DayOfWeek>? closedDays = null)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        _holidays = [.. holidays];
        _closed = [.. closedDays ?? [DayOfWeek.Saturday, DayOfWeek.Sunday]];
        if (_closed.Count == 7) throw new ArgumentException("A calendar needs at least one open weekday.", nameof(closedDays));
    }

    public IReadOnlyCollection<DateOnly> Holidays => _holidays;

    /// <summary>The US federal holidays (observed: a Saturday holiday on the Friday before, a Sunday one on the Monday after) of these years.</summary>
    public static BusinessCalendar UsFederal(int fromYear, int toYear, IEnumerable<DateOnly>? extraHolidays = null)
    {
        var days = new List<DateOnly>();
        for (var year = fromYear; year <= toYear; year++)
        {
            days.AddRange(FederalHolidays(year));
        }
        return new BusinessCalendar(days.Concat(extraHolidays ?? []));
    }

    /// <summary>The eleven federal holidays of <paramref name="year"/> on their observed dates.</summary>
    public static IReadOnlyList<DateOnly> FederalHolidays(int year) =>
    [
        Observed(new DateOnly(year, 1, 1)),
        Nth(year, 1, DayOfWeek.Monday, 3),
        Nth(year, 2, DayOfWeek.Monday, 3),
        Last(year, 5, DayOfWeek.Monday),
        Observed(new DateOnly(year, 6, 19)),
        Observed(new DateOnly(year, 7, 4)),
        Nth(year, 9, DayOfWeek.Monday, 1),
        Nth(year, 10, DayOfWeek.Monday, 2),
        Observed(new DateOnly(year, 11, 11)),
        Nth(year, 11, DayOfWeek.Thursday, 4),
        Observed(new DateOnly(year, 12, 25)),
    ];

    public bool IsBusinessDay(DateOnly date) => !_closed.Contains(date.DayOfWeek) && !_holidays.Contains(date);

    /// <summary>The <paramref name="count"/>-th business day after <paramref name="from"/> (from itself never counts).</summary>
    public DateOnly AddBusinessDays(DateOnly from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = from;
        for (var found = 0; found < count;)
        {
            day = day.AddDays(1);
            if (IsBusinessDay(day)) found++;
        }
        return day;
    }

    /// <summary>
    /// How many business days <paramref name="from"/> is before <paramref name="until"/>: the business days d with
    /// from ≤ d &lt; until. Monday is 3 business days before Thursday of the same week.
    /// </summary>
    public int BusinessDaysBefore(DateOnly from, DateOnly until)
    {
        var count = 0;
        for (var day = from; day < until; day = day.AddDays(1))
        {
            if (IsBusinessDay(day)) count++;
        }
        return count;
    }

    private static DateOnly Observed(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(-1),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    private static DateOnly Nth(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + ((n - 1) * 7));
    }

    private static DateOnly Last(int year, int month, DayOfWeek day)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var offset = ((int)last.DayOfWeek - (int)day + 7) % 7;
        return last.AddDays(-offset);
    }
}

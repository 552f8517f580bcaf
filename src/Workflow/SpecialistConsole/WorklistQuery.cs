using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Workflow.SpecialistConsole;

/// <summary>How the worklist is ordered.</summary>
public enum WorklistSort
{
    /// <summary>Soonest deadline first (the default: what must be done first).</summary>
    Deadline,
    /// <summary>Earliest visit first.</summary>
    Visit,
    /// <summary>Oldest item first.</summary>
    Age,
}

/// <summary>
/// A specialist's worklist question: filters (reason, facility, payer, visit day range in the facility's time zone),
/// a search (patient name words or a registration id), an order and a page. Validated by the API with the field rules.
/// </summary>
public sealed record WorklistQuery(
    WorkItemReason? Reason = null,
    string? FacilityId = null,
    string? Payer = null,
    DateOnly? VisitFrom = null,
    DateOnly? VisitTo = null,
    string? Search = null,
    WorklistSort Sort = WorklistSort.Deadline,
    int Page = 1,
    int PageSize = 25)
{
    public const int MaxPageSize = 100;
}

/// <summary>The patient as the worklist shows them (PHI: only for signed-in specialists, every view audited).</summary>
public sealed record WorklistPatient(string Name, DateOnly BirthDate);

/// <summary>The visit: when, where (facility), in which time zone.</summary>
public sealed record WorklistVisit(DateTimeOffset At, string TimeZone, string FacilityId);

/// <summary>One open item with what a specialist needs to pick it: who, when, where, which payer, why, how old, by when.</summary>
public sealed record WorklistRow(
    string WorkItemId,
    string RegistrationId,
    WorkItemReason Reason,
    string Explanation,
    string SuggestedAction,
    DateTimeOffset CreatedAt,
    DateTimeOffset Deadline,
    ClearanceStage Stage,
    WorklistPatient? Patient,
    WorklistVisit? Visit,
    string? Payer);

/// <summary>A page of the worklist, the total after filtering, counts per reason (over the other filters) and the filter choices.</summary>
public sealed record WorklistPage(
    IReadOnlyList<WorklistRow> Items,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyDictionary<WorkItemReason, int> CountsByReason,
    IReadOnlyList<string> Facilities,
    IReadOnlyList<string> Payers);

/// <summary>The worklist's pure part: deadline, filter, search, order, page.</summary>
public static class Worklist
{
    /// <summary>An item should be done this long before the visit (the working day before).</summary>
    public static readonly TimeSpan DeadlineLead = TimeSpan.FromHours(24);

    /// <summary>When the item should be done: <see cref="DeadlineLead"/> before the visit, never before the item was opened.</summary>
    public static DateTimeOffset DeadlineOf(DateTimeOffset createdAt, DateTimeOffset? visitAt) =>
        visitAt is { } at && at - DeadlineLead > createdAt ? at - DeadlineLead : visitAt ?? createdAt + DeadlineLead;

    /// <summary>Applies the query to every open row.</summary>
    public static WorklistPage Select(IReadOnlyList<WorklistRow> open, WorklistQuery query)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(query);
        var others = open.Where(r => Matches(r, query with { Reason = null })).ToList();
        var counts = others.GroupBy(r => r.Reason).ToDictionary(g => g.Key, g => g.Count());
        var matching = others.Where(r => query.Reason is null || r.Reason == query.Reason);
        var ordered = query.Sort switch
        {
            WorklistSort.Visit => matching.OrderBy(r => r.Visit?.At ?? DateTimeOffset.MaxValue),
            WorklistSort.Age => matching.OrderBy(r => r.CreatedAt),
            _ => matching.OrderBy(r => r.Deadline),
        };
        var all = ordered.ThenBy(r => r.CreatedAt).ThenBy(r => r.WorkItemId, StringComparer.Ordinal).ToList();
        var pageSize = Math.Clamp(query.PageSize, 1, WorklistQuery.MaxPageSize);
        var page = Math.Max(1, query.Page);
        return new WorklistPage(
            all.Skip((page - 1) * pageSize).Take(pageSize).ToList(),
            all.Count,
            page,
            pageSize,
            counts,
            open.Select(r => r.Visit?.FacilityId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            open.Select(r => r.Payer).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList());
    }

    private static bool Matches(WorklistRow row, WorklistQuery query)
    {
        if (query.Reason is { } reason && row.Reason != reason) return false;
        if (query.FacilityId is { } facility && !string.Equals(row.Visit?.FacilityId, facility, StringComparison.OrdinalIgnoreCase)) return false;
        if (query.Payer is { } payer && !string.Equals(row.Payer, payer, StringComparison.OrdinalIgnoreCase)) return false;
        if (query.VisitFrom is not null || query.VisitTo is not null)
        {
            if (row.Visit is not { } visit) return false;
            var day = VisitDay(visit);
            if (query.VisitFrom is { } from && day < from) return false;
            if (query.VisitTo is { } to && day > to) return false;
        }
        if (query.Search is { Length: > 0 } search && !SearchMatches(row, search)) return false;
        return true;
    }

    /// <summary>A registration id (or its start, 6+ characters) or every word of the search in the patient's name.</summary>
    private static bool SearchMatches(WorklistRow row, string search)
    {
        var text = search.Trim();
        if (text.Length >= 6 && row.RegistrationId.StartsWith(text.ToLowerInvariant(), StringComparison.Ordinal)) return true;
        if (row.Patient is not { } patient) return false;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length > 0 && words.All(w => patient.Name.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    private static DateOnly VisitDay(WorklistVisit visit)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(visit.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(visit.At, zone).DateTime);
    }
}

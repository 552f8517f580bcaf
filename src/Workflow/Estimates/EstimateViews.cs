using PatientAccess.Domain.Estimates;

namespace PatientAccess.Workflow.Estimates;

/// <summary>One line of an estimate as the status API and the patient page show it.</summary>
/// <param name="Steps">The breakdown (allowed amount, copay, deductible, coinsurance, the out-of-pocket cap) with each
/// step's explanation and sources; empty on the patient page, which shows plain words only.</param>
public sealed record EstimateLineView(
    int Number,
    string Code,
    string? Description,
    bool Covered,
    decimal? Allowed,
    decimal? PatientPays,
    IReadOnlyList<EstimateStep> Steps,
    IReadOnlyList<string> Missing);

/// <summary>The Good Faith Estimate of a self-pay estimate: its id, when it was issued and by when it must reach the patient.</summary>
public sealed record GoodFaithEstimateView(string Id, DateOnly IssuedOn, GoodFaithEstimateTiming Timing, DateOnly? DueBy, decimal Total);

/// <summary>
/// The estimate on a registration, as the status API (with every step's sources) and the patient page (plain words)
/// show it: kind, status, the patient's total, the lines, what is missing, the assumptions and the rounding. No name,
/// birth date or member id (the Good Faith Estimate document itself carries those; the console shows it).
/// </summary>
public sealed record EstimateView(
    string EstimateId,
    DateTimeOffset ComputedAt,
    EstimateKind Kind,
    EstimateStatus Status,
    DateOnly ServiceDate,
    string? PayerName,
    string? PlanName,
    decimal? Total,
    IReadOnlyList<EstimateLineView> Lines,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Assumptions,
    string Rounding,
    GoodFaithEstimateView? GoodFaithEstimate)
{
    /// <summary>The whole breakdown (status API): every line's steps with their sources.</summary>
    public static EstimateView? From(EstimateRecord? record) => From(record, withSteps: true);

    /// <summary>For the patient: amounts and plain words; no steps, sources or payer references.</summary>
    public static EstimateView? ForPatient(EstimateRecord? record) => From(record, withSteps: false);

    private static EstimateView? From(EstimateRecord? record, bool withSteps)
    {
        if (record is null) return null;
        var e = record.Estimate;
        var gfe = record.GoodFaithEstimate is { } g ? new GoodFaithEstimateView(g.Id, g.IssuedOn, g.Deadline.Timing, g.Deadline.DueBy, g.Total) : null;
        return new EstimateView(
            record.EstimateId,
            record.ComputedAt,
            e.Kind,
            e.Status,
            e.ServiceDate,
            e.PayerName,
            e.PlanName,
            e.Total,
            e.Lines.Select(l => new EstimateLineView(l.Number, l.Code.Code, l.Description, l.Covered, l.Allowed, l.PatientPays, withSteps ? l.Steps : [], l.Missing)).ToList(),
            e.Missing,
            withSteps ? e.Assumptions : [],
            e.Rounding,
            gfe);
    }
}

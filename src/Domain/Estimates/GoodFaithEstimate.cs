using System.Globalization;
using PatientAccess.Domain.Prices;

namespace PatientAccess.Domain.Estimates;

/// <summary>How soon a Good Faith Estimate must reach an uninsured or self-pay patient (45 CFR 149.610(b)(1)(vi)).</summary>
public enum GoodFaithEstimateTiming
{
    /// <summary>Scheduled fewer than 3 business days ahead: the rule sets no deadline (give it when practicable).</summary>
    NoDeadline,

    /// <summary>Scheduled at least 3 business days ahead: within 1 business day of scheduling.</summary>
    OneBusinessDay,

    /// <summary>Scheduled at least 10 business days ahead, or asked for: within 3 business days.</summary>
    ThreeBusinessDays,
}

/// <param name="BusinessDaysAhead">Business days from the day of scheduling (or the request) up to the service date.</param>
/// <param name="DueBy">The last day to deliver it; null for <see cref="GoodFaithEstimateTiming.NoDeadline"/>.</param>
public sealed record GoodFaithEstimateDeadline(GoodFaithEstimateTiming Timing, int BusinessDaysAhead, DateOnly? DueBy, string Rule);

/// <summary>The delivery deadline of a Good Faith Estimate, as a pure function of the dates and the business calendar.</summary>
public static class GoodFaithEstimateDeadlines
{
    /// <summary>
    /// For a service scheduled on <paramref name="scheduledOn"/> for <paramref name="serviceDate"/>: at least 10 business
    /// days ahead → within 3 business days after scheduling; at least 3 → within 1 business day; fewer → no deadline.
    /// </summary>
    public static GoodFaithEstimateDeadline ForScheduled(DateOnly scheduledOn, DateOnly serviceDate, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var ahead = calendar.BusinessDaysBefore(scheduledOn, serviceDate);
        return ahead switch
        {
            >= 10 => new(GoodFaithEstimateTiming.ThreeBusinessDays, ahead, calendar.AddBusinessDays(scheduledOn, 3),
                "scheduled at least 10 business days ahead: due within 3 business days of scheduling (45 CFR 149.610(b)(1)(vi)(B))"),
            >= 3 => new(GoodFaithEstimateTiming.OneBusinessDay, ahead, calendar.AddBusinessDays(scheduledOn, 1),
                "scheduled at least 3 business days ahead: due within 1 business day of scheduling (45 CFR 149.610(b)(1)(vi)(A))"),
            _ => new(GoodFaithEstimateTiming.NoDeadline, ahead, null,
                "scheduled fewer than 3 business days ahead: no deadline applies; give it before the service when practicable"),
        };
    }

    /// <summary>Asked for by the patient on <paramref name="requestedOn"/>: within 3 business days of the request.</summary>
    public static GoodFaithEstimateDeadline ForRequest(DateOnly requestedOn, DateOnly? serviceDate, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var ahead = serviceDate is { } d ? calendar.BusinessDaysBefore(requestedOn, d) : 0;
        return new(GoodFaithEstimateTiming.ThreeBusinessDays, ahead, calendar.AddBusinessDays(requestedOn, 3),
            "requested by the patient: due within 3 business days of the request (45 CFR 149.610(b)(1)(vi)(C))");
    }
}

/// <summary>A provider or facility on a Good Faith Estimate: name, NPI, TIN and where the services are furnished.</summary>
public sealed record GoodFaithEstimateProvider(string Role, string Name, string Npi, string? TaxId, string Location, string State);

/// <summary>One expected item or service: its code, quantity, expected charge and who furnishes it.</summary>
public sealed record GoodFaithEstimateItem(
    int Number,
    BillingCode Code,
    string Description,
    int Quantity,
    decimal ExpectedCharge,
    string ProviderNpi,
    string Basis);

/// <summary>What the hospital knows about itself for the estimate's documents (from configuration).</summary>
public sealed record FacilityProfile(
    string Name,
    string Npi,
    string? TaxId,
    string Address,
    string State,
    string? Phone = null,
    IReadOnlyDictionary<string, string>? Clinicians = null);

/// <summary>The scheduled service a Good Faith Estimate is about, and for whom (PHI: kept on the registration only).</summary>
public sealed record GoodFaithEstimateSubject(
    string PatientName,
    DateOnly PatientBirthDate,
    string PrimaryService,
    DateOnly ServiceDate,
    DateOnly ScheduledOn,
    string RenderingNpi,
    IReadOnlyList<string> DiagnosisCodes);

/// <summary>
/// A Good Faith Estimate for an uninsured or self-pay patient with what 45 CFR 149.610(c) asks for: the patient's name
/// and date of birth, the primary service and its date, the itemized items and services with codes and expected
/// charges grouped by provider, each provider's name, NPI, TIN and location, the diagnosis codes, the disclaimers and
/// the patient-provider dispute resolution notice; with its delivery deadline.
/// </summary>
public sealed record GoodFaithEstimate(
    string Id,
    GoodFaithEstimateSubject Subject,
    IReadOnlyList<GoodFaithEstimateProvider> Providers,
    IReadOnlyList<GoodFaithEstimateItem> Items,
    decimal Total,
    IReadOnlyList<string> SeparatelyScheduled,
    DateOnly IssuedOn,
    GoodFaithEstimateDeadline Deadline,
    IReadOnlyList<string> Disclaimers,
    string DisputeNotice,
    string Rounding = PatientEstimate.RoundingRule)
{
    /// <summary>A bill at least this much above a provider's or facility's expected charges may be disputed (45 CFR 149.620).</summary>
    public const decimal DisputeThreshold = 400m;

    /// <summary>The expected charges of one provider or facility.</summary>
    public decimal TotalFor(string npi) => Items.Where(i => i.ProviderNpi == npi).Sum(i => i.ExpectedCharge);
}

/// <summary>Builds a Good Faith Estimate from a complete self-pay estimate. Pure.</summary>
public static class GoodFaithEstimates
{
    public static readonly IReadOnlyList<string> Disclaimers =
    [
        "This Good Faith Estimate shows the charges for the items and services reasonably expected for the care described, based on what was known when it was issued. It is only an estimate: the actual items, services or charges may differ.",
        "There may be other items or services your provider or facility recommends as part of your care that must be scheduled or requested separately. They are not part of this Good Faith Estimate; ask for a Good Faith Estimate for them.",
        "This Good Faith Estimate is not a contract. It does not require you to obtain the items or services from any provider or facility named in it.",
        "Keep a copy or a picture of this Good Faith Estimate.",
    ];

    public static readonly string DisputeNotice =
        "If you are billed at least $400 more than the total expected charges for any provider or facility on this Good Faith " +
        "Estimate, you have the right to dispute the bill through the federal patient-provider dispute resolution process. " +
        "You may first contact that provider or facility to ask them to update the bill, negotiate it, or ask about financial " +
        "assistance. To start a dispute, you must act within 120 calendar days of the date on the original bill; a fee applies. " +
        "Starting a dispute will not affect the quality of the care you receive. Information: www.cms.gov/nosurprises or " +
        "1-800-985-3059.";

    /// <summary>
    /// The Good Faith Estimate for <paramref name="estimate"/>; null with what is missing when the estimate is not a
    /// complete self-pay estimate.
    /// </summary>
    public static GoodFaithEstimate? Build(
        string id,
        PatientEstimate estimate,
        GoodFaithEstimateSubject subject,
        FacilityProfile facility,
        DateOnly issuedOn,
        BusinessCalendar calendar,
        out IReadOnlyList<string> missing)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(facility);
        if (estimate.Kind != EstimateKind.SelfPay)
        {
            missing = ["a Good Faith Estimate is for uninsured or self-pay patients; this estimate is " + estimate.Kind];
            return null;
        }
        if (estimate.Status != EstimateStatus.Complete)
        {
            missing = estimate.Missing;
            return null;
        }
        missing = [];
        var providers = new List<GoodFaithEstimateProvider>
        {
            new("Convening facility", facility.Name, facility.Npi, facility.TaxId, facility.Address, facility.State),
        };
        if (subject.RenderingNpi != facility.Npi)
        {
            var name = facility.Clinicians?.GetValueOrDefault(subject.RenderingNpi) ?? $"Rendering clinician of {facility.Name}";
            providers.Add(new("Rendering provider", name, subject.RenderingNpi, facility.TaxId, facility.Address, facility.State));
        }
        var items = estimate.Lines.Select(l => new GoodFaithEstimateItem(
            l.Number,
            l.Code,
            l.Description ?? l.Code.ToString(),
            l.Units,
            l.PatientPays!.Value,
            facility.Npi,
            string.Join("; ", l.Steps.Where(s => s.Kind == StepKind.Allowed).SelectMany(s => s.Sources).Select(s => s.Reference)))).ToList();
        return new GoodFaithEstimate(
            id,
            subject,
            providers,
            items,
            items.Sum(i => i.ExpectedCharge),
            [],
            issuedOn,
            GoodFaithEstimateDeadlines.ForScheduled(subject.ScheduledOn, subject.ServiceDate, calendar),
            Disclaimers,
            DisputeNotice);
    }

    /// <summary>"GFE-{date}-{suffix}": a stable, human-friendly id.</summary>
    public static string IdFor(DateOnly issuedOn, string suffix) =>
        $"GFE-{issuedOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{suffix}";
}

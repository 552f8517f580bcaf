using PatientAccess.Domain.Prices;

namespace PatientAccess.Domain.Estimates;

/// <summary>Which link of the fallback chain gave a line's allowed amount.</summary>
public enum AllowedBasis
{
    /// <summary>Given by a person for this code (CLI --allowed).</summary>
    Given,

    /// <summary>The payer-and-plan negotiated dollar amount of the price file.</summary>
    NegotiatedDollar,

    /// <summary>The payer-and-plan negotiated percentage of the same row's gross charge.</summary>
    NegotiatedPercentage,

    /// <summary>The payer-and-plan estimated allowed amount (for percentage and algorithm rates).</summary>
    EstimatedAmount,

    /// <summary>The de-identified maximum negotiated charge (no rate for this payer and plan).</summary>
    DeidentifiedMaximum,

    /// <summary>The discounted cash price (self-pay).</summary>
    DiscountedCash,

    /// <summary>The gross charge (out of network, or nothing better on file).</summary>
    GrossCharge,
}

/// <summary>A line's allowed amount, or what is missing for it.</summary>
public sealed record AllowedAmount(decimal? Amount, AllowedBasis? Basis, EstimateStep? Step, IReadOnlyList<string> Assumptions, string? Missing);

/// <summary>
/// The allowed amount of a service line through a documented fallback chain (docs/estimates.md, ADR 0014):
/// <list type="number">
/// <item>an amount given for the code;</item>
/// <item>in network: the payer-and-plan negotiated dollar amount; else the negotiated percentage × the row's gross
/// charge; else the estimated allowed amount; else (commercial plans only) the de-identified maximum negotiated
/// charge; else the gross charge;</item>
/// <item>out of network: the gross charge (the plan's own allowed amount is not known; the difference may be billed);</item>
/// <item>self-pay: the discounted cash price; else the gross charge.</item>
/// </list>
/// Medicare and Medicaid stop after the estimated amount: their allowed amounts come from fee schedules a hospital
/// is bound by, so a chargemaster amount would be wrong; the line is "not enough information" instead.
/// Per-unit amounts are multiplied by the units; every amount is rounded to the cent.
/// </summary>
public static class AllowedAmounts
{
    public static AllowedAmount Resolve(
        ServiceLine line,
        EstimateKind kind,
        EstimatePayer? payer,
        bool inNetwork,
        PriceList? prices,
        IReadOnlyList<AllowedOverride> given)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(given);
        var units = Math.Max(1, line.Units);
        var assumptions = new List<string>();

        if (given.FirstOrDefault(g => g.Code.Matches(line.Code)) is { } g)
        {
            var amount = Money.Round(g.Amount * units);
            return Found(amount, AllowedBasis.Given, $"allowed amount given for {line.Code}{PerUnit(units, g.Amount)}", new EstimateSource(SourceKind.Operator, $"{g.GivenBy} {line.Code}={Money.Format(g.Amount)}"), assumptions);
        }

        var rows = prices?.For(line.Code, line.Setting) ?? [];
        if (prices is null)
        {
            return Missing($"an allowed amount for {line.Code}: no price file and none given", assumptions);
        }
        if (rows.Count == 0)
        {
            return Missing($"an allowed amount for {line.Code}: the price file has no {line.Setting.ToString().ToUpperInvariant()} row for it and none was given", assumptions);
        }

        if (kind == EstimateKind.SelfPay)
        {
            return Pick(rows, r => r.DiscountedCash, AllowedBasis.DiscountedCash, "discounted cash price", prices, units, assumptions)
                ?? Gross(rows, prices, units, assumptions, "the price file has no discounted cash price; the gross charge is used")
                ?? Missing($"an expected charge for {line.Code}: no discounted cash price or gross charge on file", assumptions);
        }

        if (!inNetwork)
        {
            return Gross(rows, prices, units, assumptions, "out of network: the hospital bills its gross charge; the plan's own allowed amount may be lower, and the difference may be billed to the patient")
                ?? Missing($"an allowed amount for {line.Code}: out of network and the price file has no gross charge", assumptions);
        }

        var negotiated = rows
            .SelectMany(r => r.Negotiated.Where(n => n.IsFor(payer?.PayerName, payer?.PlanName)).Select(n => (Row: r, Rate: n)))
            .ToList();
        if (negotiated.Count > 0 && payer?.PlanName is null)
        {
            assumptions.Add($"the 271 names no plan: the rates of {payer?.PayerName} for any plan are used");
        }
        var dollar = negotiated.Where(x => x.Rate.Dollar is > 0).ToList();
        if (dollar.Count > 0)
        {
            return Negotiated(dollar, x => x.Rate.Dollar!.Value, AllowedBasis.NegotiatedDollar, "negotiated_dollar", prices, units, assumptions);
        }
        var percentage = negotiated.Where(x => x.Rate.Percentage is > 0 && x.Row.GrossCharge is > 0).ToList();
        if (percentage.Count > 0)
        {
            return Negotiated(percentage, x => Money.Round(x.Rate.Percentage!.Value / 100m * x.Row.GrossCharge!.Value), AllowedBasis.NegotiatedPercentage, "negotiated_percentage of gross", prices, units, assumptions);
        }
        var estimated = negotiated.Where(x => x.Rate.EstimatedAmount is > 0).ToList();
        if (estimated.Count > 0)
        {
            assumptions.Add("the negotiated rate is an algorithm or percentage; its estimated allowed amount (the hospital's historical average) is used");
            return Negotiated(estimated, x => x.Rate.EstimatedAmount!.Value, AllowedBasis.EstimatedAmount, "estimated_amount", prices, units, assumptions);
        }

        if (kind is EstimateKind.Medicare or EstimateKind.Medicaid)
        {
            return Missing($"the {kind} allowed amount for {line.Code}: the price file has no rate for {Name(payer)}; give it with --allowed (fee schedule amount)", assumptions);
        }
        var none = $"the price file has no negotiated rate for {Name(payer)}";
        return Pick(rows, r => r.Maximum, AllowedBasis.DeidentifiedMaximum, "de-identified maximum negotiated charge", prices, units, assumptions, none + "; the highest rate negotiated with any payer is used")
            ?? Gross(rows, prices, units, assumptions, none + " and no de-identified maximum; the gross charge is used, which is likely above the plan's allowed amount")
            ?? Missing($"an allowed amount for {line.Code}: {none}, and no gross charge", assumptions);
    }

    private static string Name(EstimatePayer? payer) => $"{payer?.PayerName ?? "(no payer)"} / {payer?.PlanName ?? "(no plan)"}";

    private static string PerUnit(int units, decimal perUnit) => units == 1 ? string.Empty : $" ({units} units × {Money.Format(perUnit)})";

    private static AllowedAmount Negotiated(
        List<(StandardCharge Row, NegotiatedCharge Rate)> candidates,
        Func<(StandardCharge Row, NegotiatedCharge Rate), decimal> amount,
        AllowedBasis basis,
        string what,
        PriceList prices,
        int units,
        List<string> assumptions)
    {
        var best = candidates.MaxBy(amount);
        var distinct = candidates.Select(amount).Distinct().Count();
        if (distinct > 1)
        {
            assumptions.Add($"{distinct} different {what} rates are on file for this payer and plan (e.g. with or without another service); the highest is used");
        }
        var perUnit = amount(best);
        var total = Money.Round(perUnit * units);
        var rate = best.Rate;
        var detail = basis == AllowedBasis.NegotiatedPercentage
            ? $"{rate.Percentage}% of gross {Money.Format(best.Row.GrossCharge!.Value)}"
            : $"{what} {Money.Format(perUnit)}";
        return Found(total, basis, $"{rate.PayerName} / {rate.PlanName} {detail}{PerUnit(units, perUnit)}",
            new EstimateSource(SourceKind.PriceFile, $"{prices.Where(best.Row)} ({rate.PayerName} / {rate.PlanName}, {detail}{(rate.Methodology is { } m ? ", " + ChargeMethodologies.Describe(m) : string.Empty)})"),
            assumptions);
    }

    private static AllowedAmount? Pick(
        IReadOnlyList<StandardCharge> rows,
        Func<StandardCharge, decimal?> value,
        AllowedBasis basis,
        string what,
        PriceList prices,
        int units,
        List<string> assumptions,
        string? assumption = null)
    {
        var row = rows.Where(r => value(r) is > 0).MaxBy(r => value(r)!.Value);
        if (row is null) return null;
        if (assumption is not null) assumptions.Add(assumption);
        var perUnit = value(row)!.Value;
        return Found(Money.Round(perUnit * units), basis, $"{what} {Money.Format(perUnit)}{PerUnit(units, perUnit)}",
            new EstimateSource(SourceKind.PriceFile, $"{prices.Where(row)} ({what} {Money.Format(perUnit)})"), assumptions);
    }

    private static AllowedAmount? Gross(IReadOnlyList<StandardCharge> rows, PriceList prices, int units, List<string> assumptions, string assumption) =>
        Pick(rows, r => r.GrossCharge, AllowedBasis.GrossCharge, "gross charge", prices, units, assumptions, assumption);

    private static AllowedAmount Found(decimal amount, AllowedBasis basis, string explanation, EstimateSource source, List<string> assumptions) =>
        new(amount, basis, new EstimateStep(StepKind.Allowed, amount, explanation, [source]), assumptions, null);

    private static AllowedAmount Missing(string what, List<string> assumptions) => new(null, null, null, assumptions, what);
}

using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Prices;

namespace PatientAccess.Estimates.Tests.Domain;

/// <summary>
/// Writes a 271's EB loops for a test the way a payer would: <c>Eb("C", "IND", "30", period: "29", amount: 600, network: "Y")</c>
/// is EB*C*IND*30***29*600*****Y. Numbered in order, as the mapping numbers them.
/// </summary>
internal sealed class Benefits271(string loop = "2110C")
{
    private readonly List<Benefit> _ebs = [];

    public Benefits271 Eb(
        string code,
        string? level = "IND",
        string serviceType = "30",
        string? period = null,
        decimal? amount = null,
        decimal? percent = null,
        string? network = null,
        string? insuranceType = null,
        string? procedure = null,
        string? quantityQualifier = null,
        decimal? quantity = null,
        IReadOnlyList<BenefitDate>? dates = null)
    {
        var segment = $"EB*{code}*{level}*{serviceType}*{insuranceType}**{period}*{amount}*{percent}*{quantityQualifier}*{quantity}**{network}".TrimEnd('*');
        _ebs.Add(Benefit.FromCodes(
            new BenefitSource(loop, _ebs.Count + 1, segment), code, level, [serviceType], insuranceType, null, period, amount, percent,
            quantityQualifier, quantity, null, network,
            procedure is null ? null : new BenefitProcedure("HC", procedure, []),
            dates));
        return this;
    }

    public IReadOnlyList<Benefit> List => _ebs;

    public PatientBenefits Subscriber(string? insuranceType = "PR") => new(false, insuranceType, _ebs, []);

    public static Benefits271 ActivePlan(string insuranceType = "PR") => new Benefits271().Eb("1", serviceType: "30", insuranceType: insuranceType);
}

internal static class PriceRows
{
    public static readonly BillingCode OfficeVisit = new("99213", "CPT");
    public static readonly BillingCode BrainMri = new("70551", "CPT");
    public static readonly BillingCode BrainMriWithContrast = new("70553", "CPT");
    public static readonly BillingCode HipReplacement = new("470", "MS-DRG");

    public static readonly HospitalInfo Hospital = new("Springfield General Hospital", new DateOnly(2026, 1, 1), "2.2.0", ["Springfield General Hospital"], ["1 Main St, Springfield, IL 62701"], "H-0001", "IL", true);

    public static StandardCharge Row(
        int line, BillingCode code, decimal? gross, decimal? cash, params NegotiatedCharge[] rates) =>
        new(line, code.ToString(), [code], [], code.IsDrg ? ChargeSetting.Inpatient : ChargeSetting.Outpatient, null, gross, cash,
            rates.Length == 0 ? null : rates.Where(r => r.Dollar is not null).Select(r => r.Dollar).Min(),
            rates.Length == 0 ? null : rates.Where(r => r.Dollar is not null).Select(r => r.Dollar).Max(),
            rates);

    public static NegotiatedCharge Rate(string payer, string plan, decimal? dollar = null, decimal? percentage = null, decimal? estimated = null) =>
        new(payer, plan, dollar, percentage, percentage is null && dollar is null ? "see contract" : null, estimated, ChargeMethodology.FeeSchedule, null);

    public static PriceList List(params StandardCharge[] rows) => new("standard-charges.csv", Hospital, rows);
}

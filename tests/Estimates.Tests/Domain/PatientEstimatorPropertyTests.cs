using CsCheck;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Prices;

namespace PatientAccess.Estimates.Tests.Domain;

/// <summary>
/// Invariants over random plans and visits: the patient's part is never negative, never above the allowed amount,
/// covered lines never take more than the remaining out-of-pocket maximum, amounts are whole cents, and the total is
/// the sum of the lines.
/// </summary>
public sealed class PatientEstimatorPropertyTests
{
    private static readonly BillingCode[] Codes =
    [
        new("99213", "CPT"), new("70551", "CPT"), new("70553", "CPT"), new("80053", "CPT"), new("71046", "CPT"), new("27447", "CPT"),
        new("470", "MS-DRG"),
    ];

    private static readonly Gen<decimal> Cents = Gen.Int[0, 2_000_000].Select(c => c / 100m);
    private static readonly Gen<decimal?> MaybeCents = Gen.Frequency((1, Gen.Const((decimal?)null)), (3, Cents.Select(c => (decimal?)c)));
    private static readonly Gen<string?> Network = Gen.OneOf(Gen.Const<string?>("Y"), Gen.Const<string?>("N"), Gen.Const((string?)null), Gen.Const<string?>("W"));
    private static readonly Gen<string> ServiceType = Gen.OneOf(Gen.Const("30"), Gen.Const("98"), Gen.Const("62"), Gen.Const("5"), Gen.Const("4"), Gen.Const("2"), Gen.Const("48"));

    /// <summary>One random EB a payer could send: any kind, level, service type, period, network, Medicare part.</summary>
    private static readonly Gen<(string Code, string? Level, string Service, string? Period, decimal? Amount, decimal? Percent, string? Network, string? Part)> Eb =
        Gen.Select(
            Gen.OneOf(Gen.Const("C"), Gen.Const("G"), Gen.Const("A"), Gen.Const("B"), Gen.Const("I"), Gen.Const("F"), Gen.Const("1")),
            Gen.OneOf(Gen.Const<string?>("IND"), Gen.Const<string?>("FAM"), Gen.Const((string?)null)),
            ServiceType,
            Gen.OneOf(Gen.Const<string?>("23"), Gen.Const<string?>("29"), Gen.Const<string?>("24"), Gen.Const<string?>("27"), Gen.Const((string?)null)),
            MaybeCents,
            Gen.Int[0, 120].Select(p => (decimal?)(p / 100m)),
            Network,
            Gen.Frequency((6, Gen.Const((string?)null)), (1, Gen.Const((string?)"MA")), (1, Gen.Const((string?)"MB"))))
        .Select((code, level, service, period, amount, percent, network, part) => (code, level, service, period, amount, percent, network, (string?)part));

    private static readonly Gen<EstimateRequest> Request =
        Gen.Select(
            Eb.Array[0, 14],
            Gen.Select(Gen.Int[0, Codes.Length - 1], Gen.Int[1, 3], MaybeCents).Array[1, 6],
            Gen.OneOf(Gen.Const("PR"), Gen.Const("MB"), Gen.Const("MC"), Gen.Const("HM")),
            Gen.OneOf(Gen.Const(NetworkStatus.InNetwork), Gen.Const(NetworkStatus.OutOfNetwork)),
            Gen.Bool)
        .Select((ebs, lines, insuranceType, network, copayWaives) =>
        {
            var benefits = new Benefits271().Eb("1", serviceType: "30", insuranceType: insuranceType);
            foreach (var eb in ebs)
            {
                // Out-of-pocket maxima at plan level and for both Medicare parts, so every line of a visit shares them.
                var (service, part) = eb.Code == "G" ? ("30", null) : (eb.Service, eb.Part);
                benefits.Eb(eb.Code, eb.Level, service, eb.Period, eb.Code == "A" ? null : eb.Amount, eb.Code == "A" ? eb.Percent : null,
                    eb.Network, part, quantityQualifier: eb.Code == "F" ? "VS" : null, quantity: eb.Code == "F" ? eb.Amount : null);
            }
            var serviceLines = lines.Select(l => new ServiceLine(Codes[l.Item1], l.Item2, Codes[l.Item1].IsDrg ? ServiceSetting.Inpatient : ServiceSetting.Outpatient)).ToList();
            var allowed = lines.Where(l => l.Item3 is not null).Select(l => new AllowedOverride(Codes[l.Item1], l.Item3!.Value, "--allowed")).ToList();
            return new EstimateRequest(serviceLines, new DateOnly(2026, 6, 15), new EstimatePayer("P", "PAYER", "PLAN"),
                benefits.Subscriber(insuranceType), null, allowed, network, new EstimateOptions(copayWaives));
        });

    [Fact]
    public void Estimate_AnyPlanAndVisit_PatientPartWithinZeroAndAllowedInCentsAndTotalIsTheSum()
    {
        Request.Sample(request =>
        {
            var e = PatientEstimator.Estimate(request);
            Assert.Equal(request.Lines.Count, e.Lines.Count);
            foreach (var line in e.Lines)
            {
                if (line.PatientPays is not { } patient) continue;
                Assert.True(patient >= 0m, $"line {line.Number} is negative: {patient}");
                Assert.True(patient <= line.Allowed, $"line {line.Number}: {patient} above allowed {line.Allowed}");
                Assert.Equal(Money.Round(patient), patient);
                Assert.Equal(line.Allowed - patient, line.PlanPays);
                Assert.All(line.Steps, s => Assert.Equal(Money.Round(s.Amount), s.Amount));
                Assert.All(line.Steps.Where(s => s.Kind != StepKind.OutOfPocketMaximum), s => Assert.True(s.Amount >= 0m));
            }
            if (e.Status == EstimateStatus.Complete)
            {
                Assert.Equal(e.Lines.Sum(l => l.PatientPays!.Value), e.Total);
            }
            else
            {
                Assert.Null(e.Total);
                Assert.NotEmpty(e.Missing);
            }
        }, iter: 3000);
    }

    [Fact]
    public void Estimate_AnyPlanAndVisit_CoveredLinesNeverTakeMoreThanTheRemainingOutOfPocketMaximum()
    {
        Request.Sample(request =>
        {
            var e = PatientEstimator.Estimate(request);
            var maxima = e.Accumulators.Where(a => a.Name.EndsWith("out-of-pocket maximum", StringComparison.Ordinal)).ToList();
            if (maxima.Count == 0) return;
            var covered = e.Lines.Where(l => l.Covered).Sum(l => l.PatientPays ?? 0m);
            // Every line reads the same plan-level maxima (individual and family): the smallest bounds them all.
            var bound = maxima.Min(a => a.RemainingBefore);
            Assert.True(covered <= bound, $"covered lines {covered} above the remaining maximum {bound}");
            Assert.All(maxima, a => Assert.True(a.RemainingAfter >= 0m && a.RemainingAfter <= a.RemainingBefore));
        }, iter: 3000);
    }

    [Fact]
    public void Estimate_OnePlanLevelMaximum_CoveredLinesNeverTakeMoreThanIt()
    {
        var gen = Gen.Select(Cents, Cents, Gen.Int[0, 100], Cents.Array[1, 8], MaybeCents)
            .Select((deductible, maximum, percent, allowed, copay) =>
            {
                var benefits = new Benefits271().Eb("1", serviceType: "30", insuranceType: "PR")
                    .Eb("C", serviceType: "30", period: "29", amount: deductible, network: "Y")
                    .Eb("G", serviceType: "30", period: "29", amount: maximum, network: "Y")
                    .Eb("A", serviceType: "30", percent: percent / 100m, network: "Y");
                if (copay is not null) benefits.Eb("B", serviceType: "98", period: "27", amount: copay, network: "Y");
                var lines = allowed.Select((_, i) => new ServiceLine(new BillingCode(i % 2 == 0 ? "70551" : "99213", "CPT"))).ToList();
                var given = allowed.Select((a, i) => new AllowedOverride(lines[i].Code, a, "--allowed")).GroupBy(g => g.Code.Code).Select(g => g.First()).ToList();
                return (Request: new EstimateRequest(lines, new DateOnly(2026, 6, 15), new EstimatePayer("P", "PAYER", "PLAN"), benefits.Subscriber(), null, given, NetworkStatus.InNetwork), Maximum: maximum);
            });
        gen.Sample(x =>
        {
            var e = PatientEstimator.Estimate(x.Request);
            Assert.Equal(EstimateStatus.Complete, e.Status);
            Assert.True(e.Total <= x.Maximum, $"total {e.Total} above the remaining maximum {x.Maximum}");
            Assert.All(e.Lines, l => Assert.InRange(l.PatientPays!.Value, 0m, l.Allowed!.Value));
        }, iter: 3000);
    }
}

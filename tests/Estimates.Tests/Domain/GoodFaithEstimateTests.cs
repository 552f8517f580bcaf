using CsCheck;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Estimates;
using static PatientAccess.Estimates.Tests.Domain.PriceRows;

namespace PatientAccess.Estimates.Tests.Domain;

public sealed class GoodFaithEstimateTests
{
    private static readonly BusinessCalendar Federal2026 = BusinessCalendar.UsFederal(2026, 2027);

    public static readonly FacilityProfile Facility = new(
        "Springfield General Hospital", "1234567893", "37-1234567", "1 Main St, Springfield, IL 62701", "IL", "217-555-0100",
        new Dictionary<string, string> { ["1245319599"] = "Dr. Ana Lopez" });

    [Fact]
    public void FederalHolidays_2026_AreTheElevenObservedDays()
    {
        Assert.Equal(
            [
                new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 19), new DateOnly(2026, 2, 16), new DateOnly(2026, 5, 25),
                new DateOnly(2026, 6, 19), new DateOnly(2026, 7, 3), new DateOnly(2026, 9, 7), new DateOnly(2026, 10, 12),
                new DateOnly(2026, 11, 11), new DateOnly(2026, 11, 26), new DateOnly(2026, 12, 25),
            ],
            BusinessCalendar.FederalHolidays(2026));
    }

    [Theory]
    [InlineData("2026-06-01", "2026-06-03", GoodFaithEstimateTiming.NoDeadline, 2, null)]            // Mon for Wed: 2 business days ahead
    [InlineData("2026-06-01", "2026-06-04", GoodFaithEstimateTiming.OneBusinessDay, 3, "2026-06-02")] // Mon for Thu: 3 → by Tue
    [InlineData("2026-06-01", "2026-06-12", GoodFaithEstimateTiming.OneBusinessDay, 9, "2026-06-02")]
    [InlineData("2026-06-01", "2026-06-15", GoodFaithEstimateTiming.ThreeBusinessDays, 10, "2026-06-04")] // 10 → 3 business days: Thu
    [InlineData("2026-06-05", "2026-06-10", GoodFaithEstimateTiming.OneBusinessDay, 3, "2026-06-08")] // Fri for Wed: due Mon
    [InlineData("2026-06-06", "2026-06-10", GoodFaithEstimateTiming.NoDeadline, 2, null)]            // Sat for Wed: Mon, Tue
    [InlineData("2026-06-06", "2026-06-11", GoodFaithEstimateTiming.OneBusinessDay, 3, "2026-06-08")] // Sat for Thu: due Mon
    [InlineData("2026-07-02", "2026-07-08", GoodFaithEstimateTiming.OneBusinessDay, 3, "2026-07-06")] // Fri 3 July is the observed holiday
    [InlineData("2026-06-12", "2026-06-29", GoodFaithEstimateTiming.ThreeBusinessDays, 10, "2026-06-17")] // Juneteenth not counted ahead
    [InlineData("2026-06-16", "2026-07-01", GoodFaithEstimateTiming.ThreeBusinessDays, 10, "2026-06-22")] // nor in the 3 days: Wed, Thu, Mon
    public void ForScheduled_KnownDates_TimingAndDueDateFollow149610(string scheduled, string service, GoodFaithEstimateTiming timing, int ahead, string? due)
    {
        var d = GoodFaithEstimateDeadlines.ForScheduled(DateOnly.Parse(scheduled, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(service, System.Globalization.CultureInfo.InvariantCulture), Federal2026);

        Assert.Equal(timing, d.Timing);
        Assert.Equal(ahead, d.BusinessDaysAhead);
        Assert.Equal(due is null ? null : DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), d.DueBy);
        Assert.Contains("149.610", d.Rule + (d.Timing == GoodFaithEstimateTiming.NoDeadline ? " 149.610" : string.Empty), StringComparison.Ordinal);
    }

    [Fact]
    public void ForScheduled_ClinicClosedOnAConfiguredDay_TheDeadlineMovesPastIt()
    {
        var closedOnTuesday = BusinessCalendar.UsFederal(2026, 2026, [new DateOnly(2026, 6, 2)]);

        var d = GoodFaithEstimateDeadlines.ForScheduled(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 5), closedOnTuesday);

        Assert.Equal(GoodFaithEstimateTiming.OneBusinessDay, d.Timing);
        Assert.Equal(new DateOnly(2026, 6, 3), d.DueBy);
    }

    [Fact]
    public void ForRequest_BeforeThanksgiving_ThreeBusinessDaysSkipTheHoliday()
    {
        Assert.Equal(new DateOnly(2026, 11, 25), GoodFaithEstimateDeadlines.ForRequest(new DateOnly(2026, 11, 20), null, Federal2026).DueBy);
        Assert.Equal(new DateOnly(2026, 11, 30), GoodFaithEstimateDeadlines.ForRequest(new DateOnly(2026, 11, 24), null, Federal2026).DueBy);
    }

    [Fact]
    public void ForScheduled_AnyDates_DueOnABusinessDayAfterSchedulingWithTheRightNumberInBetween()
    {
        var date = Gen.Int[0, 700].Select(n => new DateOnly(2026, 1, 1).AddDays(n));
        Gen.Select(date, Gen.Int[0, 60]).Sample((scheduled, lead) =>
        {
            var service = scheduled.AddDays(lead);
            var d = GoodFaithEstimateDeadlines.ForScheduled(scheduled, service, Federal2026);
            var expectedTiming = d.BusinessDaysAhead >= 10 ? GoodFaithEstimateTiming.ThreeBusinessDays : d.BusinessDaysAhead >= 3 ? GoodFaithEstimateTiming.OneBusinessDay : GoodFaithEstimateTiming.NoDeadline;
            Assert.Equal(expectedTiming, d.Timing);
            if (d.DueBy is not { } due) return;
            Assert.True(due > scheduled);
            Assert.True(Federal2026.IsBusinessDay(due));
            var between = Federal2026.BusinessDaysBefore(scheduled.AddDays(1), due);
            Assert.Equal(d.Timing == GoodFaithEstimateTiming.OneBusinessDay ? 0 : 2, between);
            Assert.True(due < service, "the estimate is due before the service");
        }, iter: 2000);
    }

    [Fact]
    public void Build_CompleteSelfPayEstimate_HasEveryElementOf149610c()
    {
        var estimate = SelfPayEstimate();
        var subject = new GoodFaithEstimateSubject("Jane Q Public", new DateOnly(1985, 3, 14), "Office visit and brain MRI", new DateOnly(2026, 6, 15), new DateOnly(2026, 6, 1), "1245319599", []);

        var gfe = GoodFaithEstimates.Build("GFE-1", estimate, subject, Facility, new DateOnly(2026, 6, 1), Federal2026, out var missing);

        Assert.NotNull(gfe);
        Assert.Empty(missing);
        Assert.Equal(1550m, gfe.Total);
        Assert.Equal([("99213", 150m), ("70551", 1400m)], gfe.Items.Select(i => (i.Code.Code, i.ExpectedCharge)));
        Assert.All(gfe.Items, i => Assert.Contains("discounted cash price", i.Basis, StringComparison.Ordinal));
        Assert.Equal(1550m, gfe.TotalFor(Facility.Npi));
        Assert.Contains(gfe.Providers, p => p.Npi == "1234567893" && p.TaxId == "37-1234567" && p.State == "IL");
        Assert.Contains(gfe.Providers, p => p.Npi == "1245319599" && p.Name == "Dr. Ana Lopez");
        Assert.Equal(GoodFaithEstimateTiming.ThreeBusinessDays, gfe.Deadline.Timing);
        Assert.Equal(new DateOnly(2026, 6, 4), gfe.Deadline.DueBy);
        Assert.Contains(gfe.Disclaimers, d => d.Contains("not a contract", StringComparison.Ordinal));
        Assert.Contains(gfe.Disclaimers, d => d.Contains("scheduled or requested separately", StringComparison.Ordinal));
        Assert.Contains(gfe.Disclaimers, d => d.Contains("only an estimate", StringComparison.Ordinal));
        Assert.Contains("$400", gfe.DisputeNotice, StringComparison.Ordinal);
        Assert.Contains("will not affect the quality", gfe.DisputeNotice, StringComparison.Ordinal);
        Assert.Contains("www.cms.gov/nosurprises", gfe.DisputeNotice, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InsuredOrIncompleteEstimate_NoGoodFaithEstimateAndWhy()
    {
        var subject = new GoodFaithEstimateSubject("Jane Q Public", new DateOnly(1985, 3, 14), "MRI", new DateOnly(2026, 6, 15), new DateOnly(2026, 6, 1), Facility.Npi, []);
        var insured = PatientEstimator.Estimate(new EstimateRequest([new ServiceLine(BrainMri)], new DateOnly(2026, 6, 15), new EstimatePayer("X", "X", "Y"), PatientBenefits.None, null));
        var incomplete = PatientEstimator.Estimate(new EstimateRequest([new ServiceLine(BrainMri)], new DateOnly(2026, 6, 15), null, null, null));

        Assert.Null(GoodFaithEstimates.Build("a", insured, subject, Facility, new DateOnly(2026, 6, 1), Federal2026, out var why));
        Assert.Contains(why, w => w.Contains("uninsured or self-pay", StringComparison.Ordinal));
        Assert.Null(GoodFaithEstimates.Build("b", incomplete, subject, Facility, new DateOnly(2026, 6, 1), Federal2026, out why));
        Assert.Contains(why, w => w.Contains("70551", StringComparison.Ordinal));
    }

    public static PatientEstimate SelfPayEstimate() => PatientEstimator.Estimate(new EstimateRequest(
        [new ServiceLine(OfficeVisit, Description: "Office visit, established patient"), new ServiceLine(BrainMri, Description: "MRI brain without contrast")],
        new DateOnly(2026, 6, 15),
        null,
        null,
        List(Row(4, OfficeVisit, 250m, 150m), Row(5, BrainMri, 3000m, 1400m))));
}

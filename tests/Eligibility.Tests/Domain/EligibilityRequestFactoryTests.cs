using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Registrations;
using PatientAccess.Eligibility.Tests.Infrastructure;

namespace PatientAccess.Eligibility.Tests.Domain;

public sealed class EligibilityRequestFactoryTests
{
    [Fact]
    public void FromRegistration_SettledCoverage_WinsOverTyped()
    {
        var registration = Registrations.Build("Jane", "Active", new DateOnly(1985, 3, 14), AdministrativeSex.Female,
            typed: new TypedInsurance("Typed Plan", "TYPEDPAYER", "TYPED1", null),
            coverage: new CoverageToCheck("SBXPPO", "SANDBOX PPO", "100000001", "GRP10001", CoverageSource.Card));

        var request = EligibilityRequestFactory.FromRegistration(registration, "trace", out var missing);

        Assert.NotNull(request);
        Assert.Empty(missing);
        Assert.Equal("SBXPPO", request.PayerId);
        Assert.Equal("100000001", request.Subscriber.MemberId);
        Assert.Equal(new PersonName("Jane", "Active"), request.Subscriber.Name);
        Assert.Null(request.Dependent);
        Assert.Equal(["30", "98", "62"], request.ServiceTypeCodes);
        Assert.Equal("1234567893", request.ProviderNpi);
    }

    [Fact]
    public void FromRegistration_PatientNotSubscriber_AsksAsDependent()
    {
        var registration = Registrations.Build("Charlie", "Parent", new DateOnly(2012, 9, 9), AdministrativeSex.Male,
            coverage: new CoverageToCheck("SBXPPO", null, "100000003", null, CoverageSource.Card, PatientIsSubscriber: false));

        var request = EligibilityRequestFactory.FromRegistration(registration, "trace", out _);

        Assert.NotNull(request);
        Assert.Null(request.Subscriber.Name);
        Assert.Equal("100000003", request.Subscriber.MemberId);
        Assert.Equal(new PersonName("Charlie", "Parent"), request.Dependent!.Name);
    }

    [Fact]
    public void FromRegistration_NoCoverageAndTypedWithoutIds_NamesWhatIsMissing()
    {
        var registration = Registrations.Build("Nina", "None", new DateOnly(1990, 1, 1), AdministrativeSex.Female,
            typed: new TypedInsurance("Some Plan", null, null, null));

        var request = EligibilityRequestFactory.FromRegistration(registration, "trace", out var missing);

        Assert.Null(request);
        Assert.Equal(["payer id", "member id"], missing);
        Assert.DoesNotContain("Nina", EligibilityDecisions.CoverageMissing(missing).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void DateOfService_UsesTheAppointmentsTimeZone()
    {
        var registration = Registrations.Build("Jane", "Active", new DateOnly(1985, 3, 14), AdministrativeSex.Female,
            scheduledAt: new DateTimeOffset(2026, 12, 16, 3, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 12, 15), EligibilityRequestFactory.DateOfService(registration.Appointment));
    }

    [Theory]
    [InlineData("99213", "98")]
    [InlineData("70551", "62")]
    [InlineData("71046", "4")]
    [InlineData("27447", "2")]
    [InlineData("80053", "5")]
    [InlineData("00400", "7")]
    [InlineData("E0601", "12")]
    [InlineData("3074F", null)]
    public void ServiceType_ForProcedure_MapsByCodeRange(string code, string? expected)
    {
        Assert.True(ProcedureCode.TryCreate(code, out var procedure));
        Assert.Equal(expected, EligibilityServiceTypes.ForProcedure(procedure));
    }
}

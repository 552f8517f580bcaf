using CsCheck;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Registrations;
using PatientAccess.Eligibility.Tests.Infrastructure;

namespace PatientAccess.Eligibility.Tests.Domain;

public sealed class AlternateIdentityTests
{
    [Theory]
    [InlineData("SBX100000001", "100000001")]
    [InlineData("100000001-01", "100000001")]
    [InlineData("100000001 02", "100000001")]
    [InlineData("100000001*01", "100000001")]
    [InlineData("xyz123456789", "123456789")]
    [InlineData("W123456789", "W123456789")]
    [InlineData("1EG4-TE5-MK73", "1EG4TE5MK73")]
    [InlineData("100000001", "100000001")]
    public void SimplifyMemberId_CommonCardShapes_DropsPrefixAndSuffix(string card, string expected) =>
        Assert.Equal(expected, AlternateIdentity.SimplifyMemberId(card));

    [Theory]
    [InlineData("Robert James", "Smith Jr", null, null, "Robert", "Smith")]
    [InlineData("Robert", "Smith", "James", "III", "Robert", "Smith")]
    [InlineData("Mary", "Van Der Berg Sr.", null, null, "Mary", "Van Der Berg")]
    [InlineData("Jr", "Jr", null, null, "Jr", "Jr")]
    public void SimplifyName_MiddleAndSuffix_AreDropped(string given, string family, string? middle, string? suffix, string expectedGiven, string expectedFamily)
    {
        var simple = AlternateIdentity.SimplifyName(new PersonName(given, family, middle, suffix));
        Assert.Equal(new PersonName(expectedGiven, expectedFamily), simple);
    }

    [Fact]
    public void For_SubscriberWithSuffixInFamilyName_AsksWithoutIt()
    {
        var request = Gateways.Subscriber("SBXPPO", "100000008", "Robert", "Smith Jr", new DateOnly(1958, 8, 8));

        var alternate = AlternateIdentity.For(request);

        Assert.NotNull(alternate);
        Assert.Equal("Smith", alternate.Request.Subscriber.Name!.Family);
        Assert.Equal("100000008", alternate.Request.Subscriber.MemberId);
        Assert.Contains("name without middle name or suffix", alternate.Changes);
        Assert.Null(alternate.Request.Dependent);
    }

    [Fact]
    public void For_Dependent_AsksAboutThePatientAsSubscriber()
    {
        var request = Gateways.Dependent("SBXPPO", "100000013", "Dana", "Parent", new DateOnly(2004, 2, 2));

        var alternate = AlternateIdentity.For(request);

        Assert.NotNull(alternate);
        Assert.Null(alternate.Request.Dependent);
        Assert.Equal(new PersonName("Dana", "Parent"), alternate.Request.Subscriber.Name);
        Assert.Equal(new DateOnly(2004, 2, 2), alternate.Request.Subscriber.BirthDate);
        Assert.Equal("100000013", alternate.Request.Subscriber.MemberId);
        Assert.Contains("patient asked about as the subscriber instead of a dependent", alternate.Changes);
    }

    [Fact]
    public void For_NothingToSimplify_ReturnsNull()
    {
        var request = Gateways.Subscriber("SBXPPO", "100000009", "Ivy", "Invalid", new DateOnly(1999, 9, 9));

        Assert.Null(AlternateIdentity.For(request));
    }

    [Fact]
    public void SimplifyMemberId_AnyInput_IsIdempotentAndAlphanumeric()
    {
        Gen.String[Gen.Char["ABCXYZ0123456789-* /."], 0, 20].Sample(id =>
        {
            var once = AlternateIdentity.SimplifyMemberId(id);
            if (string.IsNullOrWhiteSpace(id)) return once == id;
            return once is not null && once.All(char.IsAsciiLetterOrDigit) && !once.Any(char.IsAsciiLetterLower) &&
                   AlternateIdentity.SimplifyMemberId(once)!.Length <= once.Length;
        });
    }

    [Fact]
    public void SimplifyName_AnyName_NeverKeepsMiddleOrSuffix()
    {
        var part = Gen.String[Gen.Char["abcJRSIV ."], 1, 12].Where(s => s.Trim().Length > 0);
        Gen.Select(part, part, part.Null(), part.Null()).Sample((given, family, middle, suffix) =>
        {
            var simple = AlternateIdentity.SimplifyName(new PersonName(given, family, middle, suffix))!;
            return simple.Middle is null && simple.Suffix is null && !simple.Given.Contains(' ', StringComparison.Ordinal);
        });
    }
}

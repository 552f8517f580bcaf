using CsCheck;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Tests;

public class ValueObjectTests
{
    [Theory]
    [InlineData("1234567893")] // the CMS example NPI
    [InlineData("1245319599")]
    [InlineData("1679576722")]
    public void NpiTryCreate_ValidCheckDigit_Accepts(string text) =>
        Assert.True(Npi.TryCreate(text, out _));

    [Theory]
    [InlineData("1234567890")]
    [InlineData("123456789")]
    [InlineData("12345678931")]
    [InlineData("3234567893")]
    [InlineData("12345678a3")]
    [InlineData(null)]
    public void NpiTryCreate_Invalid_Refuses(string? text) =>
        Assert.False(Npi.TryCreate(text, out _));

    [Fact]
    public void NpiTryCreate_AnySingleDigitChange_IsDetected()
    {
        // Luhn catches every single-digit error: change one digit of a valid NPI and it must fail.
        Gen.Int[100_000_000, 299_999_999].Select(Gen.Int[0, 9], Gen.Int[1, 9]).Sample((nine, position, delta) =>
        {
            var body = nine.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var valid = body + Npi.ComputeCheckDigit(body).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(Npi.TryCreate(valid, out _));
            var chars = valid.ToCharArray();
            chars[position] = (char)('0' + ((chars[position] - '0' + delta) % 10));
            var mutated = new string(chars);
            return !Npi.TryCreate(mutated, out _) || mutated[0] is not ('1' or '2') || mutated == valid;
        });
    }

    [Theory]
    [InlineData("+15555550123", true)]
    [InlineData("+442071838750", true)]
    [InlineData("5555550123", false)]
    [InlineData("+0555550123", false)]
    [InlineData("+1555-555-0123", false)]
    [InlineData("+1234567890123456", false)]
    public void PhoneNumberTryCreate_E164Shape_Decides(string text, bool expected) =>
        Assert.Equal(expected, PhoneNumber.TryCreate(text, out _));

    [Fact]
    public void PhoneNumberTryCreate_RandomText_NeverThrows() =>
        Gen.String.Sample(s => { PhoneNumber.TryCreate(s, out _); });

    [Theory]
    [InlineData("99213", ProcedureCodeSystem.Cpt)]
    [InlineData("0001F", ProcedureCodeSystem.CptSupplemental)]
    [InlineData("0042T", ProcedureCodeSystem.CptSupplemental)]
    [InlineData("J1100", ProcedureCodeSystem.Hcpcs)]
    [InlineData("g0008", ProcedureCodeSystem.Hcpcs)]
    public void ProcedureCodeTryCreate_KnownShapes_Classifies(string text, ProcedureCodeSystem system)
    {
        Assert.True(ProcedureCode.TryCreate(text, out var code));
        Assert.Equal(system, code.System);
        Assert.Equal(text.ToUpperInvariant(), code.Value);
    }

    [Theory]
    [InlineData("9921")]
    [InlineData("W1100")]
    [InlineData("99213A")]
    [InlineData("0001X")]
    [InlineData("")]
    public void ProcedureCodeTryCreate_OtherShapes_Refuses(string text) =>
        Assert.False(ProcedureCode.TryCreate(text, out _));

    [Theory]
    [InlineData("a@b.co", true)]
    [InlineData("first.last+tag@example.org", true)]
    [InlineData("no-at.example.org", false)]
    [InlineData("two@@example.org", false)]
    [InlineData("a@nodot", false)]
    [InlineData("a b@example.org", false)]
    public void EmailAddressTryCreate_Shape_Decides(string text, bool expected) =>
        Assert.Equal(expected, EmailAddress.TryCreate(text, out _));

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789ABCDEF0123456789ABCDEF", false)]
    [InlineData("0123456789abcdef", false)]
    [InlineData("../../etc/passwd0123456789abcdef", false)]
    public void RegistrationIdTryParse_OnlyLowercaseHex32_Accepts(string text, bool expected) =>
        Assert.Equal(expected, RegistrationId.TryParse(text, out _));

    [Fact]
    public void RegistrationIdNew_RoundTripsThroughParse()
    {
        var id = RegistrationId.New(Guid.NewGuid());
        Assert.Equal(id, RegistrationId.Parse(id.Value));
        Assert.Equal($"clearance-{id.Value}", id.ClearanceInstanceId);
    }
}

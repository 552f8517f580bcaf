using CsCheck;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Tests;

/// <summary>The field rules every text a client writes is held to: property-based over their whole alphabets.</summary>
public class TextRulesTests
{
    /// <summary>Characters trading partners pick as X12 delimiters (element, component, repetition, segment) and the rest of the extended set's specials.</summary>
    private const string Delimiters = "~*:^|><\\!\"?=;[]{}_`$%@+";

    /// <summary>Characters no field may hold: controls, text-direction controls, invisible ones.</summary>
    private const string Unsafe = "\0\a\b\t\n\v\f\r\u001B\u007F\u0085\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C\u200B\u200C\u200D\u2060\uFEFF\u00AD\u180E";

    private static readonly string[] RuleNames =
    [
        nameof(FieldRules.FamilyName), nameof(FieldRules.GivenName), nameof(FieldRules.MiddleName), nameof(FieldRules.NameSuffix),
        nameof(FieldRules.MemberId), nameof(FieldRules.GroupNumber), nameof(FieldRules.PayerId), nameof(FieldRules.PayerName),
        nameof(FieldRules.AddressLine), nameof(FieldRules.City), nameof(FieldRules.FacilityId), nameof(FieldRules.Label),
    ];

    public static TheoryData<string> Rules => new(RuleNames);

    private static TextRule Rule(string name) => (TextRule)typeof(FieldRules).GetProperty(name)!.GetValue(null)!;

    private static string Alphabet(TextRule rule) =>
        (rule.Letters ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" : "") + (rule.Digits ? "0123456789" : "") + rule.Punctuation;

    /// <summary>Any string of the rule's own characters, of an allowed length, starting with a letter or digit.</summary>
    private static Gen<string> Valid(TextRule rule)
    {
        var lead = rule.Letters ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" : "0123456789";
        var alphabet = Alphabet(rule).Replace(" ", "", StringComparison.Ordinal);
        return Gen.Select(Gen.Char[lead], Gen.Char[Alphabet(rule)].Array[rule.MinLength - 1, rule.MaxLength - 2], Gen.Char[alphabet],
            (first, middle, last) => rule.MaxLength == 1 ? first.ToString() : $"{first}{new string(middle)}{last}");
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Check_AnyStringOfTheFieldsAlphabet_Accepted(string name)
    {
        var rule = Rule(name);
        Valid(rule).Where(s => s.Length >= rule.MinLength && s.Length <= rule.MaxLength).Sample(s => rule.Check(s) is null, iter: 2000);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Check_ValidStringWithADelimiterAnywhere_Refused(string name)
    {
        var rule = Rule(name);
        Gen.Select(Valid(rule), Gen.Char[Delimiters], Gen.Int[0, 1000], (s, c, at) => s.Insert(at % (s.Length + 1), c.ToString()))
            .Where(s => !s.Any(rule.Allows) || s.Any(c => !rule.Allows(c)))
            .Sample(s => rule.Check(s) is { } problem && problem.StartsWith("may contain only", StringComparison.Ordinal), iter: 2000);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Check_ValidStringWithAControlBidiOrInvisibleCharacter_RefusedAsSuch(string name)
    {
        var rule = Rule(name);
        Gen.Select(Valid(rule), Gen.Char[Unsafe], Gen.Int[0, 1000], (s, c, at) => s.Insert(at % (s.Length + 1), c.ToString()))
            .Sample(s => rule.Check(s) is { } problem && problem.StartsWith("contains", StringComparison.Ordinal), iter: 2000);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Check_AnyNonAsciiLetter_Refused(string name)
    {
        var rule = Rule(name);
        Gen.Select(Valid(rule), Gen.Char['\u00A0', '\uFFFD'], Gen.Int[0, 1000], (s, c, at) => s.Insert(at % (s.Length + 1), c.ToString()))
            .Sample(s => rule.Check(s) is not null, iter: 2000);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Check_TooLong_RefusedWithTheLimit(string name)
    {
        var rule = Rule(name);
        var tooLong = new string('A', rule.MaxLength + 1);
        if (!rule.Letters) tooLong = new string('1', rule.MaxLength + 1);
        Assert.Contains(rule.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), rule.Check(tooLong), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AnyString_NeverThrowsAndNeverQuotesTheValue() =>
        Gen.String.Sample(s =>
        {
            foreach (var name in RuleNames)
            {
                var problem = Rule(name).Check(s);
                if (problem is not null && s.Length > 3) Assert.DoesNotContain(s, problem, StringComparison.Ordinal);
            }
        });

    [Theory]
    [InlineData("Jordan")]
    [InlineData("Mary-Jane")]
    [InlineData("O'Brien")]
    [InlineData("St. John")]
    [InlineData("De La Cruz")]
    public void GivenName_RealNames_Accepted(string name) => Assert.Null(FieldRules.GivenName.Check(name));

    [Theory]
    [InlineData("JO~HN*ISA")]
    [InlineData("JOHN^SMITH")]
    [InlineData("JOHN|SMITH")]
    [InlineData("JOHN:SMITH")]
    [InlineData("JOHN>SMITH")]
    [InlineData("José")] // X12 basic and extended sets are ASCII: type the name as on the card
    [InlineData("-")]
    public void GivenName_DelimitersOrNoLetter_Refused(string name) => Assert.NotNull(FieldRules.GivenName.Check(name));

    [Theory]
    [InlineData("JO\u0000HN", "control")]
    [InlineData("JO\u0007HN", "control")]
    [InlineData("JOHN\u202E", "direction")]
    [InlineData("JO\u200BHN", "invisible")]
    [InlineData("JO\uFEFFHN", "invisible")]
    public void Check_UnsafeCharacter_SaysWhichKind(string value, string expected) =>
        Assert.Contains(expected, FieldRules.FamilyName.Check(value), StringComparison.Ordinal);

    [Fact]
    public void Check_LoneSurrogate_NotText()
    {
        // Built here: a lone surrogate does not survive xunit's serialization of inline data.
        var broken = "JO" + (char)0xD800 + "HN";
        Assert.Contains("not text", FieldRules.FamilyName.Check(broken), StringComparison.Ordinal);
        Assert.Equal(UnsafeCharacter.NotText, TextSafety.Find(broken));
    }

    [Theory]
    [InlineData("1000~NM1*IL*1")]
    [InlineData("W123 456")]
    [InlineData("A")]
    public void MemberId_DelimitersSpacesOrTooShort_Refused(string id) => Assert.NotNull(FieldRules.MemberId.Check(id));

    [Theory]
    [InlineData("100000001")]
    [InlineData("XEH123456789")]
    [InlineData("1EG4-TE5-MK73")]
    public void MemberId_CardIds_Accepted(string id) => Assert.Null(FieldRules.MemberId.Check(id));

    [Fact]
    public void CheckFreeText_LineBreaksAllowedControlsAndBidiNot()
    {
        Assert.Null(FieldRules.CheckFreeText("Called the patient.\nCard confirmed: José's plan, 50% off & \"fine\"", 500));
        Assert.NotNull(FieldRules.CheckFreeText("note\u0000", 500));
        Assert.NotNull(FieldRules.CheckFreeText("note\u202Eetoncod", 500));
        Assert.NotNull(FieldRules.CheckFreeText(new string('x', 501), 500));
    }

    [Fact]
    public void Required_Blank_IsRequiredAndOptionalBlank_IsNull()
    {
        var errors = new List<ValidationError>();
        Assert.Null(FieldRules.GivenName.Required("   ", "patient.givenName", errors));
        Assert.Null(FieldRules.MiddleName.Optional("   ", "patient.middleName", errors));
        var error = Assert.Single(errors);
        Assert.Equal(("patient.givenName", "is required"), (error.Field, error.Message));
        Assert.Equal("Jordan", FieldRules.GivenName.Required("  Jordan ", "patient.givenName", errors));
    }
}

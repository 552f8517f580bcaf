using CsCheck;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Notifications.Tests.Domain;

public class SmsEncodingTests
{
    [Fact]
    public void Analyze_160PlainCharacters_IsOneGsm7Segment()
    {
        var info = SmsEncoding.Analyze(new string('a', 160));
        Assert.Equal(new SmsEncodingInfo(SmsAlphabet.Gsm7, 160, 1), info);
    }

    [Fact]
    public void Analyze_161PlainCharacters_IsTwoSegmentsOf153()
    {
        Assert.Equal(2, SmsEncoding.Analyze(new string('a', 161)).Segments);
        Assert.Equal(3, SmsEncoding.Analyze(new string('a', 307)).Segments);
    }

    [Fact]
    public void Analyze_ExtensionCharacters_CountTwoSeptets()
    {
        var info = SmsEncoding.Analyze("€[]");
        Assert.Equal((SmsAlphabet.Gsm7, 6), (info.Alphabet, info.Units));
        Assert.Equal(2, SmsEncoding.Analyze(new string('a', 159) + "€").Segments);
    }

    [Theory]
    [InlineData("ñÑüÜé¿¡")]
    public void Analyze_SpanishCharactersInGsm7_StayGsm7(string text) =>
        Assert.Equal(SmsAlphabet.Gsm7, SmsEncoding.Analyze(text).Alphabet);

    [Theory]
    [InlineData("á")]
    [InlineData("í")]
    [InlineData("ó")]
    [InlineData("ú")]
    [InlineData("😀")]
    public void Analyze_OneCharacterOutsideGsm7_MakesItUcs2With70PerSegment(string c)
    {
        var info = SmsEncoding.Analyze(new string('a', 60) + c);
        Assert.Equal(SmsAlphabet.Ucs2, info.Alphabet);
        Assert.Equal(1, info.Segments);
        Assert.Equal(2, SmsEncoding.Analyze(new string('a', 70) + c).Segments);
    }

    [Fact]
    public void FoldToGsm7_SpanishText_BecomesGsm7AndKeepsLength()
    {
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz áéíóúÁÉÍÓÚñÑüÜ¿¡.,:"], 0, 200].Sample(text =>
        {
            var folded = SmsEncoding.FoldToGsm7(text);
            return folded.Length == text.Length && SmsEncoding.Analyze(folded).Alphabet == SmsAlphabet.Gsm7;
        }, iter: 500);
    }

    [Fact]
    public void FoldToGsm7_LeavesGsm7CharactersAlone()
    {
        Assert.Equal("envie el año", SmsEncoding.FoldToGsm7("envíe el año"));
        Assert.Equal("Clinica del Niño", SmsEncoding.FoldToGsm7("Clínica del Niño"));
    }
}

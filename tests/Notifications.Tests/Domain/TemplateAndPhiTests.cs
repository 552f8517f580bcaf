using CsCheck;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Notifications.Tests.Domain;

public class TemplateAndPhiTests
{
    private static readonly Uri ShortLink = new("https://pa.example.org/r/Xy7Kp2Qm");
    private static readonly Uri FortyCharLink = new("https://portal.examplehealth.org/r/Ab3dE");
    private static readonly string ThirtyTwoCharFacility = new string('W', 16) + " Regional Clinic";

    private static readonly MessagePurpose[] OutreachPurposes =
        Enum.GetValues<MessagePurpose>().Where(p => p != MessagePurpose.KeywordReply).ToArray();

    // The longest visit date rendering ("Sep 30" / "30 sep"); templates without {VisitDate} ignore it.
    private static readonly DateOnly LongestVisitDate = new(2026, 9, 30);

    private static TemplateValues Values(string facility = "Mercy General", Uri? link = null, string? reason = null) =>
        new(facility, link ?? ShortLink, reason, VisitDate: LongestVisitDate);

    private static string? ReasonFor(MessagePurpose purpose, NotificationChannel channel, MessageLanguage language) =>
        channel == NotificationChannel.Email && purpose is MessagePurpose.CardUnreadable or MessagePurpose.ActionNeeded
            ? (language == MessageLanguage.Spanish ? "la foto estaba borrosa" : "the photo was blurry")
            : null;

    [Fact]
    public void All_EveryPurposeHasSmsAndEmailInBothLanguages()
    {
        foreach (var purpose in OutreachPurposes)
        foreach (var channel in Enum.GetValues<NotificationChannel>())
        foreach (var language in Enum.GetValues<MessageLanguage>())
            Assert.Contains((purpose, channel, language), NotificationTemplates.All);
        Assert.Equal(OutreachPurposes.Length * 4, NotificationTemplates.All.Count());
    }

    [Fact]
    public void Render_EverySmsWithLongestFacilityAndLink_FitsOneGsm7SegmentWithFooterAndLink()
    {
        Assert.Equal(TemplateValues.MaxFacilityLength, ThirtyTwoCharFacility.Length);
        Assert.Equal(40, FortyCharLink.AbsoluteUri.Length);
        foreach (var purpose in OutreachPurposes)
        foreach (var language in Enum.GetValues<MessageLanguage>())
        {
            var message = NotificationTemplates.Render(purpose, NotificationChannel.Sms, language, Values(ThirtyTwoCharFacility, FortyCharLink));
            var encoding = SmsEncoding.Analyze(message.Body);
            Assert.Equal(SmsAlphabet.Gsm7, encoding.Alphabet);
            Assert.True(encoding.Units <= 160, $"{purpose}/{language}: {encoding.Units} septets");
            Assert.StartsWith(ThirtyTwoCharFacility + ":", message.Body, StringComparison.Ordinal);
            Assert.Contains(FortyCharLink.AbsoluteUri, message.Body, StringComparison.Ordinal);
            Assert.EndsWith(language == MessageLanguage.Spanish ? "Responda STOP para cancelar" : "Reply STOP to opt out", message.Body, StringComparison.Ordinal);
            Assert.Contains(language == MessageLanguage.Spanish ? "gratis" : "Free msg", message.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("{", message.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_SpanishSms_FoldsAccentsGsm7LacksAndKeepsThoseItHas()
    {
        var message = NotificationTemplates.Render(MessagePurpose.CardNeeded, NotificationChannel.Sms, MessageLanguage.Spanish, Values("Clínica Señor de Begoña"));
        Assert.Equal("Clinica Señor de Begoña: envie una foto de su tarjeta de seguro: https://pa.example.org/r/Xy7Kp2Qm Msj gratis. Responda STOP para cancelar", message.Body);
        Assert.Equal(SmsAlphabet.Gsm7, SmsEncoding.Analyze(message.Body).Alphabet);
    }

    [Fact]
    public void Render_EveryEmailInBothLanguages_PassesTheChecksAndPointsToTheLink()
    {
        foreach (var purpose in OutreachPurposes)
        foreach (var language in Enum.GetValues<MessageLanguage>())
        {
            var message = NotificationTemplates.Render(purpose, NotificationChannel.Email, language,
                Values(reason: ReasonFor(purpose, NotificationChannel.Email, language)));
            Assert.False(string.IsNullOrWhiteSpace(message.Subject));
            Assert.Contains("Mercy General", message.Subject, StringComparison.Ordinal);
            Assert.Contains(ShortLink.AbsoluteUri, message.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("{", message.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_EmailNeedingReasonWithoutOne_IsRejectedNamingTheField()
    {
        var ex = Assert.Throws<ValidationException>(() =>
            NotificationTemplates.Render(MessagePurpose.ActionNeeded, NotificationChannel.Email, MessageLanguage.English, Values()));
        Assert.Contains(ex.Errors, e => e.Field == "values.reason");
    }

    [Fact]
    public void Render_ReasonInSms_IsRejected()
    {
        var ex = Assert.Throws<ValidationException>(() =>
            NotificationTemplates.Render(MessagePurpose.ActionNeeded, NotificationChannel.Sms, MessageLanguage.English, Values(reason: "confirm your address")));
        Assert.Contains(ex.Errors, e => e.Field == "values.reason");
    }

    [Fact]
    public void Render_FacilityTooLongForOneSegment_IsRejected()
    {
        var facility = new string('F', 32);
        var link = new Uri("https://portal.examplehealth.org/r/" + new string('a', 60));
        var ex = Assert.Throws<ValidationException>(() =>
            NotificationTemplates.Render(MessagePurpose.CardUnreadable, NotificationChannel.Sms, MessageLanguage.English, Values(facility, link)));
        Assert.Contains(ex.Errors, e => e.Field == "sms.body" && e.Message.Contains("one segment allows 160", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_NonLatinFacilityForcesUcs2_ShortTextFitsSeventyLongTextIsRejected()
    {
        // UCS-2 allows 70 characters; no outreach template is that short, but the HELP reply with a short name is.
        var reply = NotificationTemplates.RenderKeywordReply(InboundKeyword.OptIn, MessageLanguage.English, new TemplateValues("仁"));
        var encoding = SmsEncoding.Analyze(reply.Body);
        Assert.Equal(SmsAlphabet.Ucs2, encoding.Alphabet);
        Assert.True(encoding.Units <= 70);

        var ex = Assert.Throws<ValidationException>(() =>
            NotificationTemplates.Render(MessagePurpose.CardNeeded, NotificationChannel.Sms, MessageLanguage.English, Values("仁愛醫院")));
        Assert.Contains(ex.Errors, e => e.Message.Contains("Ucs2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://pa.example.org/r/abc")]          // not https
    [InlineData("https://pa.example.org/r?mrn=1234567")] // query
    [InlineData("https://pa.example.org/r#x")]           // fragment
    [InlineData("https://user:pw@pa.example.org/r/x")]    // user info
    public void Render_LinkNotOpaqueHttps_IsRejected(string link)
    {
        var ex = Assert.Throws<ValidationException>(() =>
            NotificationTemplates.Render(MessagePurpose.CardNeeded, NotificationChannel.Sms, MessageLanguage.English, Values(link: new Uri(link))));
        Assert.Contains(ex.Errors, e => e.Field == "values.link");
    }

    [Fact]
    public void Render_LoopbackHttpLink_IsAllowedForLocalDemos()
    {
        var message = NotificationTemplates.Render(MessagePurpose.CardNeeded, NotificationChannel.Sms, MessageLanguage.English,
            Values(link: new Uri("http://localhost:5080/p/Xy7Kp2Qm")));
        Assert.Contains("http://localhost:5080/p/Xy7Kp2Qm", message.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Aetna Clinic", "PayerName")]
    [InlineData("Oncology Center", "Diagnosis")]
    [InlineData("MRI Center", "ServiceName")]
    public void Render_FacilityNameThatDisclosesDetail_IsRejected(string facility, string kind)
    {
        var ex = Assert.Throws<ValidationException>(() =>
            NotificationTemplates.Render(MessagePurpose.CardNeeded, NotificationChannel.Sms, MessageLanguage.English, Values(facility)));
        Assert.Contains(ex.Errors, e => e.Message.Contains(kind, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_EmailReasonCarryingPhi_IsRejected()
    {
        var ex = Assert.Throws<ValidationException>(() =>
            NotificationTemplates.Render(MessagePurpose.ActionNeeded, NotificationChannel.Email, MessageLanguage.English,
                Values(reason: "your Cigna member ID W123456789 does not match")));
        Assert.Contains(ex.Errors, e => e.Message.Contains("PayerName", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Message.Contains("Identifier", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Errors, e => e.Message.Contains("W123456789", StringComparison.Ordinal));
        Assert.DoesNotContain("W123456789", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PatientNameInContext_IsRejectedWhereverItAppears()
    {
        var context = new PhiContext(["Rosalind", "Okonkwo"], []);
        Assert.Throws<ValidationException>(() =>
            NotificationTemplates.Render(MessagePurpose.CardNeeded, NotificationChannel.Sms, MessageLanguage.English, Values("Okonkwo Family Practice"), context));
        Assert.Throws<ValidationException>(() =>
            NotificationTemplates.Render(MessagePurpose.CardNeeded, NotificationChannel.Sms, MessageLanguage.English,
                Values(link: new Uri("https://pa.example.org/r/rosalind")), context));
    }

    [Theory]
    [InlineData(InboundKeyword.OptOut, MessageLanguage.English, "START")]
    [InlineData(InboundKeyword.Help, MessageLanguage.English, "call 1-800-555-0100")]
    [InlineData(InboundKeyword.OptIn, MessageLanguage.English, "Reply STOP to opt out")]
    [InlineData(InboundKeyword.OptOut, MessageLanguage.Spanish, "START")]
    [InlineData(InboundKeyword.Help, MessageLanguage.Spanish, "llame al 1-800-555-0100")]
    [InlineData(InboundKeyword.OptIn, MessageLanguage.Spanish, "Responda STOP para cancelar")]
    public void RenderKeywordReply_EachKeywordAndLanguage_SaysWhatItShould(InboundKeyword keyword, MessageLanguage language, string expected)
    {
        var reply = NotificationTemplates.RenderKeywordReply(keyword, language, new TemplateValues(ThirtyTwoCharFacility, HelpPhone: "1-800-555-0100"));
        Assert.Contains(expected, reply.Body, StringComparison.Ordinal);
        Assert.StartsWith(ThirtyTwoCharFacility, reply.Body, StringComparison.Ordinal);
        Assert.Equal(1, SmsEncoding.Analyze(reply.Body).Segments);
    }

    [Fact]
    public void RenderKeywordReply_HelpWithoutPhone_IsRejected() =>
        Assert.Throws<ValidationException>(() =>
            NotificationTemplates.RenderKeywordReply(InboundKeyword.Help, MessageLanguage.English, new TemplateValues("Mercy General")));

    // ---------- PhiGuard: examples and properties ----------

    [Theory]
    [InlineData("Your copay is $40", PhiKind.FinancialDetail)]
    [InlineData("you owe 125.50 dollars", PhiKind.FinancialDetail)]
    [InlineData("CPT 99213 approved", PhiKind.ProcedureCode)]
    [InlineData("code 0001U", PhiKind.ProcedureCode)]
    [InlineData("J1100 injection", PhiKind.ProcedureCode)]
    [InlineData("dx E11.9", PhiKind.DiagnosisCode)]
    [InlineData("I10 noted", PhiKind.DiagnosisCode)]
    [InlineData("born 03/04/1980", PhiKind.Date)]
    [InlineData("visit on 2026-06-01", PhiKind.Date)]
    [InlineData("DOB on file", PhiKind.Date)]
    [InlineData("March 3 visit", PhiKind.Date)]
    [InlineData("el 3 de marzo", PhiKind.Date)]
    [InlineData("id W123456789", PhiKind.Identifier)]
    [InlineData("SSN 123-45-6789", PhiKind.Identifier)]
    [InlineData("your member ID", PhiKind.Identifier)]
    [InlineData("your MRI is booked", PhiKind.ServiceName)]
    [InlineData("su cirugía", PhiKind.ServiceName)]
    [InlineData("diabetes follow-up", PhiKind.Diagnosis)]
    [InlineData("control de embarazo", PhiKind.Diagnosis)]
    [InlineData("Blue Cross says yes", PhiKind.PayerName)]
    [InlineData("covered by MEDICAID", PhiKind.PayerName)]
    [InlineData("Hi Maria, please", PhiKind.PersonName)]
    [InlineData("Estimada Lucía: su cita", PhiKind.PersonName)]
    public void Inspect_TypicalPhi_IsFound(string text, PhiKind kind) =>
        Assert.Contains(PhiGuard.Inspect(text), f => f.Kind == kind);

    [Theory]
    [InlineData("Mercy General: please send a photo of your insurance card: https://pa.example.org/r/9f8e7d6c5b4a Free msg. Reply STOP to opt out")]
    [InlineData("Saint Mary Regional: todo listo. Su costo estimado: https://pa.example.org/r/A1b2C3d4E5 Msj gratis. Responda STOP para cancelar")]
    [InlineData("Valley Clinic visit messages. Help: call 1-800-555-0100. Free msg. Reply STOP to opt out")]
    [InlineData("Valley Clinic visit messages. Help: call (800) 555-0100.")]
    public void Inspect_CleanMessages_HaveNoFindings(string text) => Assert.Empty(PhiGuard.Inspect(text));

    [Fact]
    public void Inspect_Finding_DoesNotCarryTheMatchedText()
    {
        var finding = Assert.Single(PhiGuard.Inspect("id W123456789"));
        Assert.DoesNotContain("123456789", finding.ToString(), StringComparison.Ordinal);
        Assert.Equal("W123456789", "id W123456789".Substring(finding.Index, finding.Length));
    }

    private static readonly Gen<string> SafeWord = Gen.OneOf(
        "Mercy", "General", "Saint", "Regional", "Medical", "Center", "Clinic", "Valley", "Community", "North", "Riverside", "Lakeside",
        "Family", "Practice", "Hospital", "Cedar", "Oak", "Summit");

    private static readonly Gen<string> SafeFacility =
        SafeWord.Array[1, 3].Select(w => string.Join(' ', w)).Where(f => f.Length <= TemplateValues.MaxFacilityLength);

    private static readonly Gen<Uri> SafeLink =
        Gen.Char["abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"].Array[8, 12]
            .Select(token => new Uri("https://pa.example.org/r/" + new string(token)));

    [Fact]
    public void Render_SafeFacilitiesAndOpaqueLinks_AlwaysPassForEveryTemplate()
    {
        Gen.Select(SafeFacility, SafeLink, Gen.OneOf(OutreachPurposes), Gen.OneOf(MessageLanguage.English, MessageLanguage.Spanish), Gen.OneOf(NotificationChannel.Sms, NotificationChannel.Email))
            .Sample((facility, link, purpose, language, channel) =>
            {
                var message = NotificationTemplates.Render(purpose, channel, language, new TemplateValues(facility, link, ReasonFor(purpose, channel, language), VisitDate: LongestVisitDate));
                return channel == NotificationChannel.Email || SmsEncoding.Analyze(message.Body).Segments == 1;
            }, iter: 1000);
    }

    private static Gen<string> Digits(int min, int max) => Gen.Char['0', '9'].Array[min, max].Select(d => new string(d));

    private static readonly Gen<(string Text, PhiKind Kind)> PhiIsh = Gen.OneOf(
        Gen.Select(Digits(1, 4), Digits(2, 2)).Select((a, c) => ("$" + a + "." + c, PhiKind.FinancialDetail)),
        Digits(2, 4).Select(a => (a + " dollars", PhiKind.FinancialDetail)),
        Digits(5, 5).Select(d => (d, PhiKind.ProcedureCode)),
        Gen.Select(Digits(4, 4), Gen.OneOf("F", "T", "U")).Select((d, s) => (d + s, PhiKind.ProcedureCode)),
        Gen.Select(Gen.Char['A', 'V'], Digits(4, 4)).Select((c, d) => (c + d, PhiKind.ProcedureCode)),
        Gen.Select(Gen.Char['A', 'T'], Digits(2, 2), Digits(1, 3)).Select((c, d, e) => ($"{c}{d}.{e}", PhiKind.DiagnosisCode)),
        Gen.Select(Gen.Int[1, 12], Gen.Int[1, 28], Gen.Int[1920, 2025], Gen.OneOf("/", "-", ".")).Select((m, d, y, s) => ($"{m}{s}{d}{s}{y}", PhiKind.Date)),
        Gen.Select(Gen.OneOf("January", "Feb", "march", "Sept", "DECEMBER", "mayo"), Gen.Int[1, 31]).Select((m, d) => ($"{m} {d}", PhiKind.Date)),
        Gen.Select(Gen.Int[1, 28], Gen.OneOf("enero", "marzo", "Octubre", "diciembre")).Select((d, m) => ($"{d} de {m}", PhiKind.Date)),
        Gen.Select(Gen.Char['A', 'Z'].Array[0, 3], Digits(6, 12)).Select((p, d) => (new string(p) + d, PhiKind.Identifier)),
        Gen.Select(Digits(3, 3), Digits(2, 2), Digits(4, 4)).Select((a, b, c) => ($"{a}-{b}-{c}", PhiKind.Identifier)),
        Gen.OneOf("diabetes", "Cancer", "HIV", "pregnancy", "depresión", "asthma", "EMBARAZO", "leukemia", "heart failure", "diagnosis")
            .Select(t => (t, PhiKind.Diagnosis)),
        Gen.OneOf("MRI", "colonoscopy", "Ultrasound", "biopsia", "chemotherapy", "physical therapy", "x-ray", "Mamografía", "dialysis")
            .Select(t => (t, PhiKind.ServiceName)),
        Gen.OneOf("Aetna", "cigna", "UnitedHealthcare", "Blue Cross", "HUMANA", "Medicare", "Kaiser Permanente", "Molina", "Tricare")
            .Select(t => (t, PhiKind.PayerName)));

    [Fact]
    public void Inspect_PhiInsertedAnywhereInACleanSms_IsAlwaysFound()
    {
        Gen.Select(SafeFacility, SafeLink, Gen.OneOf(OutreachPurposes), Gen.OneOf(MessageLanguage.English, MessageLanguage.Spanish), PhiIsh, Gen.Int[0, 1000])
            .Sample((facility, link, purpose, language, phi, position) =>
            {
                var body = NotificationTemplates.Render(purpose, NotificationChannel.Sms, language, new TemplateValues(facility, link, VisitDate: LongestVisitDate)).Body;
                var spaces = body.Select((c, i) => (c, i)).Where(x => x.c == ' ').Select(x => x.i).ToList();
                var at = spaces[position % spaces.Count];
                var text = body[..at] + " " + phi.Text + body[at..];
                return PhiGuard.Inspect(text).Any(f => f.Kind == phi.Kind);
            }, iter: 3000);
    }

    private static readonly Gen<string> PersonNameGen =
        Gen.Select(Gen.OneOf("Ro", "Ma", "Lu", "Ke", "Ta", "Shi", "Ol", "Ade"), Gen.OneOf("sa", "ri", "ven", "mi", "ko", "lin", "ba"), Gen.OneOf("nd", "a", "o", "e", "ez", "son"))
            .Select((a, b, c) => a + b + c);

    [Fact]
    public void Inspect_PatientNameOrValueFromContext_IsFoundInAnyCase()
    {
        Gen.Select(PersonNameGen, PersonNameGen, Gen.Bool, Gen.Int[0, 1000], Gen.Select(Gen.Char['A', 'Z'].Array[2, 3], Digits(4, 8)).Select((p, d) => new string(p) + "-" + d))
            .Sample((first, last, upper, position, memberId) =>
            {
                var context = new PhiContext([first, last], [memberId]);
                var body = NotificationTemplates.Render(MessagePurpose.CardNeeded, NotificationChannel.Sms, MessageLanguage.English,
                    new TemplateValues("Mercy General", ShortLink)).Body;
                if (!PhiGuard.IsClean(body, context)) return false;
                var spaces = body.Select((c, i) => (c, i)).Where(x => x.c == ' ').Select(x => x.i).ToList();
                var at = spaces[position % spaces.Count];
                var name = upper ? last.ToUpperInvariant() : last;
                var withName = body[..at] + " " + name + body[at..];
                var withId = body[..at] + " " + memberId.Replace("-", "", StringComparison.Ordinal) + body[at..];
                return PhiGuard.Inspect(withName, context).Any(f => f.Kind == PhiKind.PersonName)
                    && PhiGuard.Inspect(withId, context).Any(f => f.Kind is PhiKind.PatientValue or PhiKind.Identifier);
            }, iter: 1000);
    }
}

using CsCheck;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Notifications.Tests.Domain;

public class ConsentAndKeywordTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("STOP")]
    [InlineData("stop")]
    [InlineData("  Stop!!  ")]
    [InlineData("\"stop.\"")]
    [InlineData("Quit")]
    [InlineData("END")]
    [InlineData("revoke")]
    [InlineData("opt out")]
    [InlineData("Opt-Out")]
    [InlineData("OPTOUT")]
    [InlineData("cancel")]
    [InlineData("Unsubscribe")]
    [InlineData("STOPALL")]
    [InlineData("please stop texting me")]
    [InlineData("I want to unsubscribe, thanks")]
    [InlineData("Parar")]
    [InlineData("cancelar")]
    [InlineData("\tstop\n")]
    [InlineData("ｓｔｏｐ")] // full-width letters from some phone keyboards
    public void Classify_RevocationWords_AreOptOut(string text) =>
        Assert.Equal(InboundKeyword.OptOut, InboundKeywords.Classify(text));

    [Theory]
    [InlineData("HELP", InboundKeyword.Help)]
    [InlineData(" help? ", InboundKeyword.Help)]
    [InlineData("Ayuda", InboundKeyword.Help)]
    [InlineData("START", InboundKeyword.OptIn)]
    [InlineData("unstop", InboundKeyword.OptIn)]
    [InlineData("help stop", InboundKeyword.OptOut)]
    [InlineData("start stop", InboundKeyword.OptOut)]
    [InlineData("thanks, see you then", InboundKeyword.None)]
    [InlineData("stopping by later", InboundKeyword.None)]
    [InlineData("please start", InboundKeyword.None)]
    [InlineData("", InboundKeyword.None)]
    [InlineData("   ", InboundKeyword.None)]
    [InlineData(null, InboundKeyword.None)]
    public void Classify_OtherTexts_AreClassifiedAsDocumented(string? text, InboundKeyword expected) =>
        Assert.Equal(expected, InboundKeywords.Classify(text));

    private static readonly string[] RevocationWords = ["stop", "quit", "end", "revoke", "opt out", "cancel", "unsubscribe"];

    [Fact]
    public void Classify_AnyCasingAndPunctuationAroundARevocationWord_IsOptOut()
    {
        var gen =
            from word in Gen.OneOf(RevocationWords)
            from upper in Gen.Bool.Array[word.Length]
            from before in Gen.OneOf(" ", "\t", "", "  ", "\"", "(", "¡")
            from after in Gen.OneOf("", "!", ".", "!!!", " ", "?", ")", " :)")
            select before + new string(word.Select((c, i) => upper[i] ? char.ToUpperInvariant(c) : c).ToArray()) + after;
        gen.Sample(text => InboundKeywords.Classify(text) == InboundKeyword.OptOut, iter: 2000);
    }

    [Fact]
    public void Classify_TextWithoutKeywords_IsNone()
    {
        var words = Gen.OneOf("see", "you", "tomorrow", "thanks", "ok", "yes", "who", "is", "this", "gracias", "hasta", "luego", "stopped", "ending", "canceled");
        words.Array[1, 6].Select(w => string.Join(' ', w)).Sample(text => InboundKeywords.Classify(text) == InboundKeyword.None, iter: 1000);
    }

    [Fact]
    public void Handle_Stop_WithdrawsSmsAtOnceAndKeepsEmail()
    {
        var ledger = ConsentLedger.FromPreRegistration(sms: true, email: true, T0);
        var outcome = InboundSmsHandler.Handle(ledger, "STOP", T0.AddDays(1));

        Assert.Equal(InboundKeyword.OptOut, outcome.Keyword);
        Assert.True(outcome.ConsentChanged);
        Assert.Equal(ConsentState.Withdrawn, outcome.Consents.StateOf(NotificationChannel.Sms));
        Assert.Equal(ConsentState.Given, outcome.Consents.StateOf(NotificationChannel.Email));
        var latest = outcome.Consents.Latest(NotificationChannel.Sms)!;
        Assert.Equal((T0.AddDays(1), ConsentSource.SmsKeyword, false), (latest.AtUtc, latest.Source, latest.Given));
    }

    [Fact]
    public void Handle_StopTwice_SecondIsNotAChangeButStaysWithdrawn()
    {
        var ledger = ConsentLedger.FromPreRegistration(sms: true, email: false, T0);
        var first = InboundSmsHandler.Handle(ledger, "stop", T0.AddHours(1));
        var second = InboundSmsHandler.Handle(first.Consents, "quit", T0.AddHours(2));
        Assert.False(second.ConsentChanged);
        Assert.Equal(ConsentState.Withdrawn, second.Consents.StateOf(NotificationChannel.Sms));
    }

    [Fact]
    public void Handle_StartAfterStop_GivesSmsConsentAgain()
    {
        var ledger = ConsentLedger.FromPreRegistration(sms: true, email: false, T0);
        var stopped = InboundSmsHandler.Handle(ledger, "STOP", T0.AddHours(1)).Consents;
        var restarted = InboundSmsHandler.Handle(stopped, "Start", T0.AddHours(2));
        Assert.True(restarted.ConsentChanged);
        Assert.True(restarted.Consents.Allows(NotificationChannel.Sms));
    }

    [Fact]
    public void Handle_Help_ChangesNothing()
    {
        var ledger = ConsentLedger.FromPreRegistration(sms: true, email: false, T0);
        var outcome = InboundSmsHandler.Handle(ledger, "HELP", T0.AddHours(1));
        Assert.Equal(InboundKeyword.Help, outcome.Keyword);
        Assert.Same(ledger, outcome.Consents);
        Assert.False(outcome.ConsentChanged);
    }

    [Fact]
    public void StateOf_GrantAndWithdrawalAtTheSameInstant_WithdrawalWins()
    {
        var ledger = ConsentLedger.Empty
            .Withdraw(NotificationChannel.Sms, T0, ConsentSource.Staff)
            .Give(NotificationChannel.Sms, T0, ConsentSource.PatientPortal);
        Assert.Equal(ConsentState.Withdrawn, ledger.StateOf(NotificationChannel.Sms));
    }

    [Fact]
    public void StateOf_LatestChangeDecidesRegardlessOfOrderRecorded()
    {
        var ledger = ConsentLedger.Empty
            .Give(NotificationChannel.Email, T0.AddDays(2), ConsentSource.PatientPortal)
            .Withdraw(NotificationChannel.Email, T0.AddDays(1), ConsentSource.EmailUnsubscribe);
        Assert.Equal(ConsentState.Given, ledger.StateOf(NotificationChannel.Email));
        Assert.Equal(ConsentState.NotGiven, ledger.StateOf(NotificationChannel.Sms));
    }

    [Theory]
    [InlineData("es", MessageLanguage.Spanish)]
    [InlineData("es-MX", MessageLanguage.Spanish)]
    [InlineData("ES", MessageLanguage.Spanish)]
    [InlineData("en", MessageLanguage.English)]
    [InlineData("fr", MessageLanguage.English)]
    [InlineData("", MessageLanguage.English)]
    [InlineData(null, MessageLanguage.English)]
    public void FromTag_PicksSpanishOrFallsBackToEnglish(string? tag, MessageLanguage expected) =>
        Assert.Equal(expected, MessageLanguages.FromTag(tag));
}

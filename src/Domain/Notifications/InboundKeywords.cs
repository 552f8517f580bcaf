using System.Globalization;
using System.Text;

namespace PatientAccess.Domain.Notifications;

/// <summary>What an inbound SMS asks for.</summary>
public enum InboundKeyword
{
    /// <summary>Not a keyword: a free-text reply; consent does not change.</summary>
    None,
    /// <summary>STOP or a synonym: SMS consent is withdrawn at once.</summary>
    OptOut,
    /// <summary>HELP: answer with who we are and how to stop.</summary>
    Help,
    /// <summary>START or UNSTOP: the patient asks to receive texts again.</summary>
    OptIn,
}

/// <summary>
/// Classifies inbound SMS text. The text is normalised first: accents removed, upper-cased, every
/// character that is not a letter or digit turned into a space, spaces collapsed (so " Stop!! ", "STOP.",
/// "opt-out" and "Opt Out" read the same).
/// <para>
/// Opt-out is deliberately generous (TCPA revocation by "any reasonable means"): a message that contains a
/// revocation word anywhere as a whole word is an opt-out, even inside a sentence ("please stop texting me",
/// "cancel"). Words: STOP, STOPALL, QUIT, END, REVOKE, OPT OUT (also OPTOUT), CANCEL, UNSUBSCRIBE, and the
/// Spanish PARAR, DETENER, CANCELAR. A false opt-out costs one START; a missed one breaks the law.
/// </para>
/// <para>HELP (also INFO, AYUDA) and START / UNSTOP count only when they are the whole message, and an
/// opt-out word wins over them.</para>
/// </summary>
public static class InboundKeywords
{
    private static readonly HashSet<string> OptOutWords = new(StringComparer.Ordinal)
    {
        "STOP", "STOPALL", "QUIT", "END", "REVOKE", "OPTOUT", "CANCEL", "UNSUBSCRIBE", "PARAR", "DETENER", "CANCELAR",
    };

    private static readonly HashSet<string> HelpWords = new(StringComparer.Ordinal) { "HELP", "INFO", "AYUDA" };

    private static readonly HashSet<string> OptInWords = new(StringComparer.Ordinal) { "START", "UNSTOP" };

    public static InboundKeyword Classify(string? text)
    {
        var words = Normalize(text);
        if (words.Length == 0) return InboundKeyword.None;
        for (var i = 0; i < words.Length; i++)
        {
            if (OptOutWords.Contains(words[i])) return InboundKeyword.OptOut;
            if (words[i] == "OPT" && i + 1 < words.Length && words[i + 1] == "OUT") return InboundKeyword.OptOut;
        }
        if (words.Length == 1 && HelpWords.Contains(words[0])) return InboundKeyword.Help;
        if (words.Length == 1 && OptInWords.Contains(words[0])) return InboundKeyword.OptIn;
        return InboundKeyword.None;
    }

    /// <summary>The words of the text after normalisation (see the class summary).</summary>
    public static string[] Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(char.IsLetterOrDigit(c) ? char.ToUpperInvariant(c) : ' ');
        }
        return sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}

/// <summary>The result of handling one inbound SMS.</summary>
/// <param name="Keyword">What the text asked for.</param>
/// <param name="Forms">The ledger after the change (the same instance when nothing changed).</param>
/// <param name="ConsentChanged">True when SMS consent was withdrawn or given by this text.</param>
public sealed record InboundSmsOutcome(InboundKeyword Keyword, ConsentLedger Consents, bool ConsentChanged);

/// <summary>Applies an inbound SMS to the patient's consents. Pure: the caller stores the ledger and sends the reply.</summary>
public static class InboundSmsHandler
{
    /// <summary>
    /// STOP and synonyms withdraw SMS consent at <paramref name="nowUtc"/> (even if already withdrawn, the
    /// patient still gets one confirmation reply). START/UNSTOP give SMS consent again: it is the patient's
    /// own express request from the number we text, so it re-consents (documented choice). HELP changes nothing.
    /// </summary>
    public static InboundSmsOutcome Handle(ConsentLedger consents, string? text, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(consents);
        var keyword = InboundKeywords.Classify(text);
        switch (keyword)
        {
            case InboundKeyword.OptOut:
                var wasAllowed = consents.Allows(NotificationChannel.Sms);
                return new(keyword, consents.Withdraw(NotificationChannel.Sms, nowUtc, ConsentSource.SmsKeyword), wasAllowed);
            case InboundKeyword.OptIn:
                var wasBlocked = !consents.Allows(NotificationChannel.Sms);
                return new(keyword, consents.Give(NotificationChannel.Sms, nowUtc, ConsentSource.SmsKeyword), wasBlocked);
            default:
                return new(keyword, consents, false);
        }
    }
}

using System.Text;

namespace PatientAccess.Domain.Notifications;

/// <summary>How an SMS body travels: GSM 03.38 7-bit, or UCS-2 when any character is outside it.</summary>
public enum SmsAlphabet
{
    Gsm7,
    Ucs2,
}

/// <param name="Alphabet">The alphabet the carrier will use.</param>
/// <param name="Units">Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2.</param>
/// <param name="Segments">Message parts: 160/153 septets or 70/67 code units per part.</param>
public sealed record SmsEncodingInfo(SmsAlphabet Alphabet, int Units, int Segments)
{
    /// <summary>The most units that fit one segment in this alphabet.</summary>
    public int SingleSegmentLimit => Alphabet == SmsAlphabet.Gsm7 ? SmsEncoding.Gsm7SingleSegment : SmsEncoding.Ucs2SingleSegment;
}

/// <summary>
/// GSM-7 arithmetic for SMS bodies. Our rule: every SMS is one segment (TCPA's "160 characters or fewer",
/// one message on the patient's phone, one billed part). A GSM-7 body may have 160 septets; one character
/// outside GSM-7 turns the whole body into UCS-2 with only 70 characters. Spanish needs á, í, ó, ú, which
/// GSM-7 lacks (é, ñ, ü, ¿, ¡ are in it), so rendered SMS text is folded first (<see cref="FoldToGsm7"/>:
/// á→a, í→i, ó→o, ú→u, typographic quotes and dashes to ASCII). Text that still needs UCS-2 after folding
/// (an emoji or a non-Latin facility name) must fit 70 characters or the template check rejects it.
/// </summary>
public static class SmsEncoding
{
    public const int Gsm7SingleSegment = 160;
    public const int Gsm7MultiSegment = 153;
    public const int Ucs2SingleSegment = 70;
    public const int Ucs2MultiSegment = 67;

    // GSM 03.38 basic character set (the escape 0x1B excluded).
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // Extension table: each costs an escape septet plus itself.
    private const string Extension = "\f^{}\\[~]|€";

    private static readonly Dictionary<char, string> Folds = new()
    {
        ['á'] = "a", ['í'] = "i", ['ó'] = "o", ['ú'] = "u", ['Á'] = "A", ['Í'] = "I", ['Ó'] = "O", ['Ú'] = "U",
        ['ç'] = "Ç", ['ê'] = "e", ['â'] = "a", ['ô'] = "o", ['î'] = "i", ['û'] = "u", ['ë'] = "e", ['ï'] = "i",
        ['À'] = "A", ['È'] = "E", ['Ì'] = "I", ['Ò'] = "O", ['Ù'] = "U",
        ['\u2018'] = "'", ['\u2019'] = "'", ['\u201C'] = "\"", ['\u201D'] = "\"", ['\u2013'] = "-", ['\u2014'] = "-",
        ['\u00A0'] = " ", ['\u2026'] = "...", ['\t'] = " ",
    };

    public static bool IsGsm7(char c) => Basic.Contains(c, StringComparison.Ordinal) || Extension.Contains(c, StringComparison.Ordinal);

    /// <summary>Replaces characters GSM-7 lacks by their closest GSM-7 spelling; other characters stay.</summary>
    public static string FoldToGsm7(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!IsGsm7(c) && Folds.TryGetValue(c, out var folded)) sb.Append(folded);
            else sb.Append(c);
        }
        return sb.ToString();
    }

    public static SmsEncodingInfo Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var septets = 0;
        foreach (var c in text)
        {
            if (Basic.Contains(c, StringComparison.Ordinal)) septets += 1;
            else if (Extension.Contains(c, StringComparison.Ordinal)) septets += 2;
            else return Ucs2(text.Length);
        }
        var segments = septets <= Gsm7SingleSegment ? 1 : (septets + Gsm7MultiSegment - 1) / Gsm7MultiSegment;
        return new SmsEncodingInfo(SmsAlphabet.Gsm7, septets, segments);
    }

    private static SmsEncodingInfo Ucs2(int codeUnits) =>
        new(SmsAlphabet.Ucs2, codeUnits, codeUnits <= Ucs2SingleSegment ? 1 : (codeUnits + Ucs2MultiSegment - 1) / Ucs2MultiSegment);
}

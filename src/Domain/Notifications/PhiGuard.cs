using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PatientAccess.Domain.Notifications;

/// <summary>Kinds of protected or sensitive detail a patient message must not carry.</summary>
public enum PhiKind
{
    /// <summary>A service or procedure in words (MRI, colonoscopy, cirugía).</summary>
    ServiceName,
    /// <summary>A CPT or HCPCS code.</summary>
    ProcedureCode,
    /// <summary>A diagnosis in words (diabetes, embarazo) or the word diagnosis itself.</summary>
    Diagnosis,
    /// <summary>An ICD-10 code.</summary>
    DiagnosisCode,
    /// <summary>A health plan or payer name.</summary>
    PayerName,
    /// <summary>A money amount or a benefit term (copay, deductible).</summary>
    FinancialDetail,
    /// <summary>A date (a date of birth looks like any other date) or a birth-date label.</summary>
    Date,
    /// <summary>A member id, SSN or any long identifier with digits, or its label.</summary>
    Identifier,
    /// <summary>A person's name: a greeting followed by a name, or a value from <see cref="PhiContext"/>.</summary>
    PersonName,
    /// <summary>A value of this patient's record given in <see cref="PhiContext"/> (payer, member id, phone...).</summary>
    PatientValue,
}

/// <summary>Where in the text a finding is. Carries no matched text, so it can be logged.</summary>
public sealed record PhiFinding(PhiKind Kind, int Index, int Length);

/// <summary>
/// Values of this patient's record that must not appear in a message: names, payer name, member id,
/// birth date spellings, phone, email. Matched whole-word, case- and accent-insensitively.
/// </summary>
public sealed record PhiContext(IReadOnlyCollection<string> PersonNames, IReadOnlyCollection<string> OtherValues)
{
    public static PhiContext None { get; } = new([], []);
}

/// <summary>
/// The minimum-necessary check for patient messages. SMS may carry only the provider's name, a call to
/// action, a link and the opt-out footer; email gets the same check (its details sit behind the portal
/// link). It errs on the side of rejecting: a false alarm costs a template edit, a miss leaks PHI.
/// Links (http/https) are masked before the pattern checks, because opaque tokens contain digits; values
/// from <see cref="PhiContext"/> are searched in links too.
/// </summary>
public static partial class PhiGuard
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private static readonly string[] ServiceTerms =
    [
        "MRI", "magnetic resonance", "CT", "CAT scan", "CT scan", "PET scan", "scan", "x ray", "xray", "radiograph", "ultrasound", "sonogram",
        "mammogram", "mammography", "colonoscopy", "endoscopy", "biopsy", "surgery", "surgical", "operation", "chemotherapy", "chemo",
        "radiation", "radiotherapy", "dialysis", "physical therapy", "therapy", "psychotherapy", "counseling", "lab test", "blood test",
        "bloodwork", "blood work", "vaccine", "vaccination", "injection", "infusion", "transplant", "cesarean", "c section", "EKG", "ECG",
        "echocardiogram", "stress test", "sleep study", "genetic test", "pregnancy test", "appendectomy", "hysterectomy", "vasectomy",
        "knee replacement", "hip replacement", "arthroscopy", "mastectomy", "angiogram", "catheterization", "IVF",
        "resonancia", "tomografia", "radiografia", "ecografia", "ultrasonido", "mamografia", "colonoscopia", "endoscopia", "biopsia",
        "cirugia", "operacion", "quimioterapia", "radioterapia", "dialisis", "terapia", "fisioterapia", "analisis de sangre", "vacuna",
        "inyeccion", "infusion", "trasplante", "cesarea", "electrocardiograma", "ecocardiograma",
    ];

    private static readonly string[] DiagnosisTerms =
    [
        "diagnosis", "diagnosed", "diagnoses", "diabetes", "diabetic", "cancer", "tumor", "tumour", "HIV", "AIDS", "hepatitis", "pregnant",
        "pregnancy", "prenatal", "depression", "anxiety", "asthma", "hypertension", "stroke", "dementia", "alzheimer", "alzheimers",
        "parkinson", "parkinsons", "epilepsy", "seizure", "schizophrenia", "bipolar", "autism", "obesity", "arthritis", "leukemia",
        "lymphoma", "melanoma", "carcinoma", "COPD", "STD", "STI", "chlamydia", "gonorrhea", "syphilis", "herpes", "HPV", "COVID",
        "influenza", "fracture", "infection", "opioid", "overdose", "addiction", "substance use", "alcoholism", "abortion", "miscarriage",
        "tuberculosis", "cirrhosis", "kidney disease", "heart failure", "heart disease", "oncology", "psychiatric", "mental health",
        "diagnostico", "cancer", "embarazo", "embarazada", "prenatal", "depresion", "ansiedad", "asma", "hipertension", "demencia",
        "epilepsia", "esquizofrenia", "autismo", "obesidad", "artritis", "leucemia", "linfoma", "EPOC", "ETS", "sifilis", "fractura",
        "infeccion", "sobredosis", "adiccion", "aborto", "tuberculosis", "cirrosis", "insuficiencia cardiaca", "oncologia", "salud mental",
    ];

    private static readonly string[] PayerTerms =
    [
        "Aetna", "Cigna", "UnitedHealthcare", "United Healthcare", "United Health", "UHC", "Humana", "Anthem", "Blue Cross", "Blue Shield",
        "BCBS", "Kaiser", "Kaiser Permanente", "Medicare", "Medicaid", "Medi Cal", "Molina", "Centene", "Ambetter", "WellCare",
        "Tricare", "Oscar Health", "Highmark", "Elevance", "CareFirst", "Health Net", "Optum", "Amerigroup", "Wellpoint", "CareSource",
        "Florida Blue", "Priority Health", "Harvard Pilgrim", "Tufts Health", "EmblemHealth", "Fidelis", "Premera", "Regence", "Excellus",
        "Independence Blue Cross", "Horizon BCBS", "Caresource", "Aflac", "MetLife", "Delta Dental", "VSP", "CHIP",
    ];

    private static readonly string[] FinancialTerms =
    [
        "copay", "co pay", "copayment", "deductible", "coinsurance", "out of pocket", "balance due", "amount due", "you owe",
        "copago", "deducible", "coaseguro", "saldo", "usted debe",
    ];

    private static readonly string[] IdentifierTerms =
    [
        "member id", "member number", "member no", "subscriber id", "policy number", "group number", "ID number", "SSN",
        "social security", "MRN", "medical record number", "numero de miembro", "numero de socio", "numero de poliza",
        "seguro social",
    ];

    private static readonly string[] BirthTerms = ["DOB", "date of birth", "birth date", "birthdate", "birthday", "born", "fecha de nacimiento", "nacimiento", "nacio"];

    private static readonly (PhiKind Kind, Regex Pattern)[] TermPatterns =
    [
        (PhiKind.ServiceName, TermRegex(ServiceTerms)),
        (PhiKind.Diagnosis, TermRegex(DiagnosisTerms)),
        (PhiKind.PayerName, TermRegex(PayerTerms)),
        (PhiKind.FinancialDetail, TermRegex(FinancialTerms)),
        (PhiKind.Identifier, TermRegex(IdentifierTerms)),
        (PhiKind.Date, TermRegex(BirthTerms)),
    ];

    /// <summary>Every finding in <paramref name="text"/>, in text order. Empty means the text passes.</summary>
    public static IReadOnlyList<PhiFinding> Inspect(string text, PhiContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        context ??= PhiContext.None;
        var findings = new List<PhiFinding>();
        var masked = UrlPattern().Replace(text, m => new string(' ', m.Length));
        var normalized = NormalizeForTerms(masked);
        var normalizedWithLinks = NormalizeForTerms(text);

        foreach (var (kind, pattern) in TermPatterns) Add(findings, kind, pattern.Matches(normalized));
        Add(findings, PhiKind.FinancialDetail, MoneyPattern().Matches(masked));
        Add(findings, PhiKind.Date, NumericDatePattern().Matches(masked));
        Add(findings, PhiKind.Date, MonthDayPattern().Matches(normalized));
        Add(findings, PhiKind.Date, DayMonthSpanishPattern().Matches(normalized));
        Add(findings, PhiKind.ProcedureCode, CptPattern().Matches(masked));
        Add(findings, PhiKind.ProcedureCode, HcpcsPattern().Matches(masked));
        Add(findings, PhiKind.DiagnosisCode, Icd10Pattern().Matches(masked));
        Add(findings, PhiKind.Identifier, SsnPattern().Matches(masked));
        Add(findings, PhiKind.Identifier, LongIdentifierPattern().Matches(masked));
        Add(findings, PhiKind.PersonName, GreetingPattern().Matches(masked));

        foreach (var name in context.PersonNames) AddValue(findings, PhiKind.PersonName, name, normalizedWithLinks);
        foreach (var value in context.OtherValues) AddValue(findings, PhiKind.PatientValue, value, normalizedWithLinks);

        findings.Sort((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : a.Kind.CompareTo(b.Kind));
        return findings;
    }

    public static bool IsClean(string text, PhiContext? context = null) => Inspect(text, context).Count == 0;

    /// <summary>
    /// Upper-cases, strips accents and turns everything but letters and digits into spaces, keeping every
    /// character's position so findings point into the original text.
    /// </summary>
    internal static string NormalizeForTerms(string text)
    {
        var chars = new char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetter(c))
            {
                var baseChar = c.ToString().Normalize(NormalizationForm.FormD)[0];
                chars[i] = char.ToUpperInvariant(baseChar);
            }
            else
            {
                chars[i] = char.IsDigit(c) ? c : ' ';
            }
        }
        return new string(chars);
    }

    private static Regex TermRegex(IEnumerable<string> terms)
    {
        var alternatives = terms
            .Select(t => NormalizeForTerms(t).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words.Length > 0)
            .Select(words => string.Join(@"\s+", words.Select(Regex.Escape)))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(a => a.Length);
        return new Regex(@"(?<![A-Z0-9])(?:" + string.Join('|', alternatives) + @")(?![A-Z0-9])", RegexOptions.CultureInvariant, Timeout);
    }

    private static void Add(List<PhiFinding> findings, PhiKind kind, MatchCollection matches)
    {
        foreach (Match m in matches) findings.Add(new PhiFinding(kind, m.Index, m.Length));
    }

    private static void AddValue(List<PhiFinding> findings, PhiKind kind, string? value, string normalizedText)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        var words = NormalizeForTerms(value).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words.Sum(w => w.Length) < 2) return;
        var pattern = @"(?<![A-Z0-9])" + string.Join(@"\s+", words.Select(Regex.Escape)) + @"(?![A-Z0-9])";
        Add(findings, kind, Regex.Matches(normalizedText, pattern, RegexOptions.CultureInvariant, Timeout));
        // A value written without its separators (a member id "ABC-123" sent as "ABC123").
        if (words.Length > 1)
        {
            var joined = @"(?<![A-Z0-9])" + Regex.Escape(string.Concat(words)) + @"(?![A-Z0-9])";
            Add(findings, kind, Regex.Matches(normalizedText, joined, RegexOptions.CultureInvariant, Timeout));
        }
    }

    [GeneratedRegex(@"(?:https?://|www\.)\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"[$€£¥]\s?\d|\d(?:[\d,.]*\d)?\s?(?:USD|dollars?|d[oó]lares|pesos)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"\b\d{1,4}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{1,4}\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NumericDatePattern();

    [GeneratedRegex(@"(?<![A-Z0-9])(?:JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?|ENE(?:RO)?|FEBRERO|MARZO|ABRIL|MAYO|JUNIO|JULIO|AGO(?:STO)?|SEPTIEMBRE|SETIEMBRE|OCTUBRE|NOVIEMBRE|DIC(?:IEMBRE)?)\s+\d{1,4}(?![0-9])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex MonthDayPattern();

    [GeneratedRegex(@"(?<![A-Z0-9])\d{1,2}\s+(?:DE\s+)?(?:ENERO|FEBRERO|MARZO|ABRIL|MAYO|JUNIO|JULIO|AGOSTO|SEPTIEMBRE|SETIEMBRE|OCTUBRE|NOVIEMBRE|DICIEMBRE|JAN(?:UARY)?|FEB(?:RUARY)?|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)(?![A-Z0-9])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DayMonthSpanishPattern();

    // CPT: five digits, or four digits and F (category II), T (category III) or U (PLA).
    [GeneratedRegex(@"(?<![\w$.,])\d{4}[0-9FTU](?![\w.,])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CptPattern();

    // HCPCS level II: a letter A-V and four digits.
    [GeneratedRegex(@"\b[A-V]\d{4}\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex HcpcsPattern();

    // ICD-10-CM: a letter (not U), a digit, a digit or A/B, optionally a dot and up to four more.
    [GeneratedRegex(@"\b[A-TV-Z]\d[0-9AB](?:\.[0-9A-Z]{1,4})?\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Icd10Pattern();

    [GeneratedRegex(@"\b\d{3}[\s.-]?\d{2}[\s.-]?\d{4}\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SsnPattern();

    // Six or more letters/digits in one run with at least four digits: member ids, account and record numbers, phones.
    [GeneratedRegex(@"\b(?=(?:[A-Za-z]*\d){4})[A-Za-z0-9]{6,}\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex LongIdentifierPattern();

    [GeneratedRegex(@"\b(?:Dear|Hi|Hello|Hey|Hola|Estimad[oa]|Querid[oa]|Mr|Mrs|Ms|Miss|Sr|Sra|Srta|Don|Do[nñ]a)\.?,?[ ]+\p{Lu}\p{Ll}+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex GreetingPattern();
}

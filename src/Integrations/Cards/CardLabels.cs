namespace PatientAccess.Integrations.Cards;

/// <summary>What a label on a card names.</summary>
internal enum CardLabel
{
    MemberId,
    MedicareId,
    Group,
    Name,
    Subscriber,
    Dependents,
    RxBin,
    RxPcn,
    RxGrp,
    RxId,
    PayerId,
    Effective,
    BirthDate,
    PlanName,
    Employer,
    MemberPhone,
    ProviderPhone,
    ClaimsAddress,
    /// <summary>A label of something not read (PCP, plan code, network, issue date): its value is nobody else's.</summary>
    Other,
}

/// <summary>
/// The label vocabulary of US health insurance cards, English and Spanish. Sources: the WEDI Health Identification
/// Card Implementation Guide (member id, group number, Rx BIN/PCN/Group/ID, claims payer id, phones, the
/// "Subscriber"/"Member"/"Dependents" block) and the wording of payers' published sample cards ("Member #",
/// "ID No.", "Identification Number", "Subscriber ID", "Grp #", "Group", Medicare's "Medicare Number/Número de
/// Medicare", Medicaid's "ID No."/"Recipient ID"). Written before the generator's new families and not taken from them.
/// Matching ignores case, accents, punctuation other than '#', and reads digits in a label as the letters they look like.
/// </summary>
internal static class CardLabels
{
    public static IReadOnlyList<(CardLabel Label, string[] Variants)> Vocabulary { get; } =
    [
        (CardLabel.MemberId, [
            "MEMBER ID", "MEMBER ID NUMBER", "MEMBER ID NO", "MEMBER ID #", "MEMBER #", "MEMBER NO", "MEMBER NUMBER", "MEMBER NBR",
            "ID NUMBER", "ID NO", "ID #", "ID", "IDENTIFICATION", "IDENTIFICATION NO", "IDENTIFICATION NUMBER", "IDENTIFICATION #",
            "SUBSCRIBER ID", "SUBSCRIBER #", "SUBSCRIBER NO", "SUBSCRIBER NUMBER", "SUBSCRIBER ID NUMBER", "ENROLLEE ID", "ENROLLEE #",
            "POLICY NUMBER", "POLICY NO", "POLICY #", "POLICY ID", "BENEFICIARY ID", "RECIPIENT ID", "RECIPIENT NO", "CLIENT ID",
            "CLIENT ID NO", "CARDHOLDER ID", "INSURED ID", "MEMBER IDENTIFICATION", "CERTIFICATE NUMBER", "CERTIFICATE NO",
            "MIEMBRO", "ID DE MIEMBRO", "NUM DE MIEMBRO", "NUMERO DE MIEMBRO", "NO DE MIEMBRO", "NUMERO DE IDENTIFICACION",
            "NO DE IDENTIFICACION", "NUM DE IDENTIFICACION", "IDENTIFICACION",
        ]),
        (CardLabel.MedicareId, ["MEDICARE NUMBER", "MEDICARE CLAIM NUMBER", "MEDICARE ID", "MBI", "NUMERO DE MEDICARE"]),
        (CardLabel.Group, [
            "GROUP", "GROUP NO", "GROUP NUMBER", "GROUP #", "GROUP ID", "GROUP NBR", "GRP", "GRP #", "GRP NO", "GRP ID", "EMPLOYER GROUP",
            "GROUP PLAN", "ACCOUNT", "ACCOUNT NO", "ACCOUNT #", "GRUPO", "NUM DE GRUPO", "NUMERO DE GRUPO", "NO DE GRUPO",
        ]),
        (CardLabel.Name, [
            "MEMBER NAME", "NAME", "MEMBER", "ENROLLEE", "ENROLLEE NAME", "BENEFICIARY", "RECIPIENT", "PATIENT", "CARDHOLDER",
            "INSURED", "NOMBRE", "NOMBRE DEL MIEMBRO", "NAME OF MEMBER",
        ]),
        (CardLabel.Subscriber, ["SUBSCRIBER", "SUBSCRIBER NAME", "PRIMARY", "POLICYHOLDER", "POLICY HOLDER", "SUSCRIPTOR"]),
        (CardLabel.Dependents, ["DEPENDENTS", "DEPENDENT", "DEPENDIENTES", "COVERED MEMBERS"]),
        (CardLabel.RxBin, ["RXBIN", "RX BIN", "BIN", "BIN #", "BIN NO"]),
        (CardLabel.RxPcn, ["RXPCN", "RX PCN", "PCN"]),
        (CardLabel.RxGrp, ["RXGRP", "RX GRP", "RX GROUP", "RXGROUP", "RX GRP #", "RX GROUP #", "PHARMACY GROUP"]),
        (CardLabel.RxId, ["RXID", "RX ID", "RX MEMBER ID"]),
        (CardLabel.PayerId, ["PAYER ID", "PAYOR ID", "EDI PAYER ID", "EDI #", "EDI", "CLAIMS PAYER ID", "ELECTRONIC PAYER ID", "PAYER #", "EDI PAYOR ID"]),
        (CardLabel.Effective, ["EFFECTIVE", "EFFECTIVE DATE", "EFF DATE", "EFF", "COVERAGE DATE", "COVERAGE EFFECTIVE", "FECHA DE VIGENCIA"]),
        (CardLabel.BirthDate, ["DATE OF BIRTH", "DOB", "BIRTH DATE", "BIRTHDATE", "FECHA DE NACIMIENTO"]),
        (CardLabel.PlanName, ["PLAN", "PLAN NAME"]),
        (CardLabel.Employer, ["EMPLOYER"]),
        (CardLabel.MemberPhone, [
            "MEMBER SERVICES", "CUSTOMER SERVICE", "MEMBERS CALL", "FOR MEMBERS", "MEMBER PHONE", "MEMBER SERVICE", "CUSTOMER SERVICES", "SERVICIOS AL MIEMBRO",
        ]),
        (CardLabel.ProviderPhone, ["PROVIDER SERVICES", "PROVIDERS", "FOR PROVIDERS", "PROVIDER INQUIRIES", "PROVIDER SERVICE", "PROVIDERS CALL", "PROVIDER"]),
        (CardLabel.ClaimsAddress, [
            "SUBMIT CLAIMS TO", "SEND CLAIMS TO", "MAIL CLAIMS TO", "MEDICAL CLAIMS", "CLAIMS ADDRESS", "CLAIMS", "CLAIMS TO",
        ]),
        (CardLabel.Other, [
            "PCP", "PCP NAME", "PCP PHONE", "CARD ISSUED", "ISSUE DATE", "ISSUED", "ISSUER", "PLAN CODE", "NETWORK", "COPAY", "COPAYS",
            "DEDUCTIBLE", "OOP MAX", "OUT OF POCKET", "COINSURANCE", "OFFICE VISIT", "SPECIALIST", "URGENT CARE", "ER", "PHARMACISTS", "FOR PHARMACISTS", "PHARMACY CLAIMS", "PRINTED", "DED IND FAM", "OOPM IND FAM", "INN", "OON",
            "ENTITLED TO", "COVERAGE STARTS",
        ]),
    ];

    /// <summary>Each label's comparison key, built once.</summary>
    public static IReadOnlyList<(CardLabel Label, string Key, int Words)> Keys { get; } =
        [.. Vocabulary.SelectMany(v => v.Variants.Select(t => (v.Label, string.Concat(t.Split(' ').Select(CardTextKeys.LabelKey)), t.Split(' ').Length)))];
}

/// <summary>How words are compared with labels.</summary>
internal static class CardTextKeys
{
    /// <summary>Upper case ASCII letters and '#', accents removed; a 1, 0, l, | or $ reads as the letter it looks like.</summary>
    public static string LabelKey(string word)
    {
        var slash = word.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0) word = word[..slash]; // bilingual labels: "Name/Nombre"
        var decomposed = word.Normalize(System.Text.NormalizationForm.FormD);
        var sb = new System.Text.StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            // Labels hold no digits, so a 1, 0 or $ in one is a misread I, O or S ("Subscriber 1D"); I and l look
            // alike, so both sides of a label comparison read L as I ("Subscrlber lD").
            var u = c switch { '1' or 'l' or 'L' or '|' => 'I', '0' => 'O', '$' => 'S', _ => char.ToUpperInvariant(c) };
            if (char.IsAsciiLetter(u) || u == '#') sb.Append(u);
        }
        return sb.ToString();
    }
}

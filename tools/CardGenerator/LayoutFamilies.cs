namespace PatientAccess.CardGenerator;

/// <summary>How the card face is painted.</summary>
public enum Face
{
    /// <summary>White face, a coloured band across the top with the insurer in white.</summary>
    Band,
    /// <summary>Navy or charcoal face, every text light on dark.</summary>
    Dark,
    /// <summary>A diagonal gradient from a light brand tint to white.</summary>
    Gradient,
    /// <summary>A light tint with a coloured stripe on the left.</summary>
    Stripe,
    /// <summary>White face; member id and group sit in a dark block, white on dark.</summary>
    DarkIdBlock,
}

/// <summary>How labels and values are placed.</summary>
public enum Arrangement
{
    /// <summary>Small label above its value.</summary>
    Above,
    /// <summary>"Label: value" on one line.</summary>
    Inline,
    /// <summary>A row of header cells, the values in the row below.</summary>
    Table,
    /// <summary>Label at the left edge, value right-aligned at the right of the column.</summary>
    RightAligned,
    /// <summary>Each field in a bordered box, label small at the top-left.</summary>
    Boxes,
    /// <summary>Name and id under each other without labels; the other fields labelled inline.</summary>
    UnlabelledId,
}

/// <summary>Kind of coverage the card shows.</summary>
public enum CardKind
{
    Commercial,
    MedicareAdvantage,
    Medicaid,
}

/// <summary>How the pharmacy block is printed.</summary>
public enum RxStyle
{
    None,
    /// <summary>RxBIN, RxPCN, RxGrp labels in a column, values to the right.</summary>
    Column,
    /// <summary>One line: "BIN 610014  PCN ABC  GRP RX1234" (the GRP there is the Rx group, not the group number).</summary>
    OneLine,
}

/// <summary>How copays are printed.</summary>
public enum CopayStyle
{
    Strip,
    /// <summary>A grid of benefits with in-network amounts, a deductible and an out-of-pocket maximum as individual/family.</summary>
    DenseGrid,
    None,
}

/// <summary>
/// One layout family of the generator: a face, an arrangement and a label vocabulary. Cards of one family differ in
/// values, fonts, colours and small placement choices; cards of different families differ in structure.
/// </summary>
public sealed record LayoutFamily(
    string Name,
    CardKind Kind,
    Face Face,
    Arrangement Arrangement,
    RxStyle Rx,
    CopayStyle Copays,
    IReadOnlyList<string> IdLabels,
    IReadOnlyList<string> GroupLabels,
    IReadOnlyList<string> NameLabels,
    bool Dependents = false,
    bool Condensed = false)
{
    /// <summary>
    /// The layout families, in catalogue order. The five legacy layouts (drawn by <see cref="CardRenderer"/>) come
    /// first and are always development families. Of the families after them, every third one (the 3rd, 6th, 9th and
    /// 12th) is held out: the reader is never tuned on it and the measurement reports it apart. This rule was fixed
    /// together with the catalogue, before any change to the reader.
    /// </summary>
    public static IReadOnlyList<string> LegacyNames { get; } = ["commercial-ppo", "commercial-hmo", "medicare", "medicaid", "commercial-norx"];

    public static IReadOnlyList<LayoutFamily> New { get; } =
    [
        new("band-label-hash", CardKind.Commercial, Face.Band, Arrangement.Inline, RxStyle.Column, CopayStyle.Strip,
            ["Member #", "Member ID #", "ID #"], ["Grp #", "Group #"], ["Member", "Name"]),
        new("dark-inline", CardKind.Commercial, Face.Dark, Arrangement.Inline, RxStyle.OneLine, CopayStyle.Strip,
            ["ID No.", "Member ID", "ID"], ["Group", "Group No."], ["Member Name", "Name"]),
        new("gradient-table", CardKind.Commercial, Face.Gradient, Arrangement.Table, RxStyle.Column, CopayStyle.Strip,
            ["Member ID", "Identification No.", "Subscriber ID"], ["Group Number", "Group", "Grp"], ["Member", "Subscriber"]),
        new("two-column-right", CardKind.Commercial, Face.Stripe, Arrangement.RightAligned, RxStyle.Column, CopayStyle.Strip,
            ["Subscriber ID", "Member Number", "ID Number"], ["Group ID", "Group Number"], ["Subscriber", "Subscriber Name"]),
        new("bilingual-es", CardKind.Commercial, Face.Band, Arrangement.Above, RxStyle.Column, CopayStyle.Strip,
            ["Miembro / Member ID", "Núm. de miembro / Member No.", "ID de miembro / Member ID"], ["Núm. de grupo / Group No.", "Grupo / Group"],
            ["Nombre / Name", "Nombre del miembro / Member"]),
        new("dependents-suffix", CardKind.Commercial, Face.Stripe, Arrangement.Inline, RxStyle.Column, CopayStyle.Strip,
            ["Identification Number", "Subscriber ID", "Member ID"], ["Group", "Group No."], ["Subscriber", "Member"], Dependents: true),
        new("dense-copay-grid", CardKind.Commercial, Face.Band, Arrangement.Above, RxStyle.Column, CopayStyle.DenseGrid,
            ["Member ID", "ID Number"], ["Group No.", "Group #"], ["Member Name", "Name"], Condensed: true),
        new("medicare-advantage", CardKind.MedicareAdvantage, Face.Band, Arrangement.Inline, RxStyle.Column, CopayStyle.Strip,
            ["Member #", "Member ID", "ID"], ["Group", "Group #"], ["Member", "Name"]),
        new("medicaid-idno", CardKind.Medicaid, Face.Gradient, Arrangement.Above, RxStyle.None, CopayStyle.None,
            ["ID No.", "Recipient ID", "Client ID No."], [], ["Name", "Recipient"]),
        new("boxed-cells", CardKind.Commercial, Face.Gradient, Arrangement.Boxes, RxStyle.Column, CopayStyle.Strip,
            ["Member ID", "ID No.", "Enrollee ID"], ["Group", "Group No."], ["Member", "Enrollee"]),
        new("dark-id-block", CardKind.Commercial, Face.DarkIdBlock, Arrangement.Inline, RxStyle.Column, CopayStyle.Strip,
            ["Member ID", "ID #", "Subscriber ID"], ["Group #", "Group Number"], ["Member", "Name"]),
        new("unlabelled-id", CardKind.Commercial, Face.Band, Arrangement.UnlabelledId, RxStyle.Column, CopayStyle.Strip,
            [], ["Group", "Grp"], []),
        new("rx-grp-trap", CardKind.Commercial, Face.Stripe, Arrangement.Inline, RxStyle.OneLine, CopayStyle.DenseGrid,
            ["Member ID", "Member #"], ["Group No.", "Group Number"], ["Member", "Name"], Condensed: true),
    ];

    /// <summary>True for a family kept out of all development (every third new family).</summary>
    public static bool IsHeldOut(string family)
    {
        var i = New.ToList().FindIndex(f => f.Name == family);
        return i >= 0 && i % 3 == 2;
    }

    public static IReadOnlyList<string> AllNames { get; } = [.. LegacyNames, .. New.Select(f => f.Name)];

    public static IReadOnlyList<string> HeldOutNames { get; } = [.. New.Where(f => IsHeldOut(f.Name)).Select(f => f.Name)];

    public static IReadOnlyList<string> DevelopmentNames { get; } = [.. AllNames.Where(n => !IsHeldOut(n))];
}

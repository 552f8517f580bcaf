using System.Text.Json.Serialization;

namespace PatientAccess.CardGenerator;

/// <summary>The values printed on a generated card, written next to it as &lt;name&gt;.truth.json. All synthetic.</summary>
public sealed record CardTruth
{
    public required string Name { get; init; }
    public required string Layout { get; init; }
    public required bool Photo { get; init; }
    public required int Seed { get; init; }
    public required string Insurer { get; init; }
    public required string MemberName { get; init; }
    /// <summary>The member id as printed (spaces and dashes included).</summary>
    public required string MemberId { get; init; }
    public string? IdPrefix { get; init; }
    public string? GroupNumber { get; init; }
    public string? PlanType { get; init; }
    public string? PlanName { get; init; }
    public string? RxBin { get; init; }
    public string? RxPcn { get; init; }
    public string? RxGrp { get; init; }
    public string? PayerId { get; init; }
    public string? PhoneNumber { get; init; }
    public string? EffectiveDate { get; init; }
    public string? BirthDate { get; init; }
    public string? PartAEffectiveDate { get; init; }
    public string? PartBEffectiveDate { get; init; }
    public IReadOnlyList<CopayTruth> Copays { get; init; } = [];
    /// <summary>The layout family (see LayoutFamily); the legacy layouts are their own families.</summary>
    public string? Family { get; init; }
    /// <summary>clean, photo or harsh; null on older truth files (then <see cref="Photo"/> tells clean or photo).</summary>
    public string? Rendering { get; init; }
    /// <summary>front or back; null on older truth files (front).</summary>
    public string? Side { get; init; }
    /// <summary>The subscriber when the card belongs to a dependent (the member name is then the dependent's).</summary>
    public string? SubscriberName { get; init; }
    public IReadOnlyList<string> Dependents { get; init; } = [];
    /// <summary>The dependent suffix printed as part of the member id (e.g. "01").</summary>
    public string? IdSuffix { get; init; }
    public decimal? DeductibleIndividual { get; init; }
    public decimal? DeductibleFamily { get; init; }
    /// <summary>Back of the card: the payer id for claims (EDI), phones and the claims address.</summary>
    public string? ClaimsPayerId { get; init; }
    public string? CustomerServicePhone { get; init; }
    public string? ProviderPhone { get; init; }
    public string? ClaimsAddress { get; init; }
    public string? Font { get; init; }
    public IReadOnlyList<string> Effects { get; init; } = [];
}

public sealed record CopayTruth(string Benefit, decimal Amount);

/// <summary>
/// Values to print instead of random ones (a card for a known sandbox member); null keeps the seeded choice.
/// Commercial layouts only take member, payer and plan values.
/// </summary>
public sealed record CardValues
{
    public string? Layout { get; init; }
    public string? Insurer { get; init; }
    public string? PlanType { get; init; }
    public string? MemberName { get; init; }
    public string? MemberId { get; init; }
    public string? IdPrefix { get; init; }
    public string? GroupNumber { get; init; }
    public string? PayerId { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CardTruth))]
internal sealed partial class TruthJson : JsonSerializerContext;

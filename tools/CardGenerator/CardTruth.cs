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

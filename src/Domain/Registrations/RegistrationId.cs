using System.Diagnostics.CodeAnalysis;

namespace PatientAccess.Domain.Registrations;

/// <summary>
/// Identifies one pre-registration. A 32-character lowercase hex string (a GUID without dashes), safe in
/// blob paths, Cosmos ids and Durable instance ids. Contains no PHI.
/// </summary>
public readonly record struct RegistrationId
{
    private RegistrationId(string value) => Value = value;

    public string Value { get; }

    public static RegistrationId New(Guid value) => new(value.ToString("N"));

    public static bool TryParse([NotNullWhen(true)] string? text, out RegistrationId id)
    {
        id = default;
        if (text is null || text.Length != 32) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        }
        id = new RegistrationId(text);
        return true;
    }

    public static RegistrationId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("A registration id is 32 lowercase hex characters.");

    /// <summary>The Durable orchestration instance id of this registration's clearance.</summary>
    public string ClearanceInstanceId => $"clearance-{Value}";

    public override string ToString() => Value;
}

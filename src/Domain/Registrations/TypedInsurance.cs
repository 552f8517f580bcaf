namespace PatientAccess.Domain.Registrations;

/// <summary>
/// The insurance as the patient typed it at pre-registration, before any card was read. Any part may be
/// missing or wrong; the card read and reconciliation decide what is checked with the payer.
/// <see cref="SubscriberName"/> and <see cref="SubscriberRelationship"/> (self, spouse, child, other) say through
/// whom the patient is covered when the patient is not the subscriber.
/// </summary>
public sealed record TypedInsurance(
    string? PayerName,
    string? PayerId,
    string? MemberId,
    string? GroupNumber,
    string? SubscriberName = null,
    string? SubscriberRelationship = null)
{
    /// <summary>The relationships a patient may give to the subscriber (X12 271 INS/DTP usage: self, spouse, child, other).</summary>
    public static IReadOnlySet<string> Relationships { get; } = new HashSet<string>(StringComparer.Ordinal) { "self", "spouse", "child", "other" };

    public bool IsEmpty =>
        string.IsNullOrWhiteSpace(PayerName) && string.IsNullOrWhiteSpace(PayerId) &&
        string.IsNullOrWhiteSpace(MemberId) && string.IsNullOrWhiteSpace(GroupNumber);

    /// <summary>True when the patient said someone else is the subscriber.</summary>
    public bool PatientIsDependent => SubscriberRelationship is not (null or "self");
}

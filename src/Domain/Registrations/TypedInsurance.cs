namespace PatientAccess.Domain.Registrations;

/// <summary>
/// The insurance as the patient typed it at pre-registration, before any card was read. Any part may be
/// missing or wrong; the card read and reconciliation decide what is checked with the payer.
/// </summary>
public sealed record TypedInsurance(string? PayerName, string? PayerId, string? MemberId, string? GroupNumber)
{
    public bool IsEmpty =>
        string.IsNullOrWhiteSpace(PayerName) && string.IsNullOrWhiteSpace(PayerId) &&
        string.IsNullOrWhiteSpace(MemberId) && string.IsNullOrWhiteSpace(GroupNumber);
}

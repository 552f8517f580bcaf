using PatientAccess.Domain.Common;

namespace PatientAccess.Domain.Cards;

/// <summary>Why an image of a card could not be used. Stable codes for metadata, work items and messages.</summary>
public enum CardRejectionCode
{
    Empty,
    TooLarge,
    UnsupportedFormat,
    Corrupt,
    TooSmall,
    DimensionsTooLarge,
    /// <summary>The engine refused the pixel dimensions (Document Intelligence: InvalidContentDimensions).</summary>
    InvalidDimensions,
    DecompressionBomb,
    TooManyPages,
    NoTextFound,
}

/// <summary>
/// The engine refused or could not read this particular image (bad dimensions, corrupt file, no text).
/// Retrying the same image cannot help; a new photo can.
/// </summary>
public sealed class CardUnreadableException(string dependency, CardRejectionCode code, string reason, Exception? inner = null)
    : PermanentDependencyException(dependency, reason, inner)
{
    public CardRejectionCode Code { get; } = code;
}

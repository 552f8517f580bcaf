using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Portal;

/// <summary>
/// The capability in a patient's message link (<c>{Portal:BaseUrl}c/{token}</c>): 128 random bits in base64url, 22
/// characters, so facility and link still fit one SMS segment. It says nothing about the patient or the registration;
/// only its SHA-256 hash is stored, so a copy of the store cannot open a patient's page.
/// </summary>
public static class PatientLinkToken
{
    public const int Length = 22;
    private const int RandomBytes = 16;

    /// <summary>A fresh token from the operating system's cryptographic random source.</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>True when <paramref name="text"/> has a token's shape (22 base64url characters); says nothing about whether it was issued.</summary>
    public static bool HasShape(string? text) =>
        text is { Length: Length } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The stored form of a token: its SHA-256 hash, lowercase hex (also the store's id).</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
    }
}

/// <summary>
/// One issued patient link, as stored: the token's hash, the one registration it opens, when it stops working
/// (<see cref="PatientLinkPolicy.ExpiryFor"/>), whether it was revoked, and who issued it (ids and actors, no PHI).
/// </summary>
public sealed record PatientLink(
    string TokenHash,
    RegistrationId RegistrationId,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string IssuedBy,
    DateTimeOffset? RevokedAt = null,
    string? RevokedBy = null)
{
    /// <summary>True while the link opens its registration's page.</summary>
    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    public PatientLink Revoke(string by, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        return RevokedAt is null ? this with { RevokedAt = at, RevokedBy = by } : this;
    }
}

/// <summary>How long links work: until a few days after the visit, so a patient can still look after it.</summary>
public static class PatientLinkPolicy
{
    /// <summary>A link works until this long after the visit's start.</summary>
    public static readonly TimeSpan GraceAfterVisit = TimeSpan.FromDays(3);

    /// <summary>When a link issued for <paramref name="appointment"/> stops working.</summary>
    public static DateTimeOffset ExpiryFor(Appointment appointment)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        return appointment.ScheduledAt.ToUniversalTime() + GraceAfterVisit;
    }
}

/// <summary>What a presented token opens: its registration, or nothing (forged, expired or revoked look the same to the caller).</summary>
public abstract record PatientLinkResolution
{
    private PatientLinkResolution() { }

    public sealed record Valid(PatientLink Link) : PatientLinkResolution;

    /// <summary>The token was never issued, has expired or was revoked; <see cref="Why"/> is for logs and tests, never shown.</summary>
    public sealed record Invalid(PatientLinkRefusal Why) : PatientLinkResolution;
}

/// <summary>Why a token opens nothing. The patient sees one page for all of them ("this link has expired").</summary>
public enum PatientLinkRefusal
{
    Malformed,
    Unknown,
    Expired,
    Revoked,
}

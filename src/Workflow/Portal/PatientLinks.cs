using Microsoft.Extensions.Options;
using PatientAccess.Domain.Audit;
using PatientAccess.Domain.Portal;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Workflow.Portal;

/// <summary>A link just issued: the URL with the token (shown or sent once, never stored) and when it stops working.</summary>
public sealed record IssuedPatientLink(Uri Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Issues, resolves and revokes the capability links of patient messages (<c>{Portal:BaseUrl}c/{token}</c>). A link
/// opens one registration's patient page until a few days after the visit, unless revoked; only the token's hash is
/// stored. Every issue and revocation is audited (actor and expiry, never the token).
/// </summary>
public sealed class PatientLinks(IPatientLinkStore store, IAuditTrail audit, TimeProvider time, IOptions<PortalOptions> portal)
{
    /// <summary>Portal:BaseUrl is set (links can be written).</summary>
    public bool Configured => portal.Value.BaseUrl is not null;

    /// <summary>Issues a new link for the registration. <paramref name="issuedBy"/> is the actor ("reminders" or a specialist's name).</summary>
    /// <exception cref="InvalidOperationException">Portal:BaseUrl is not configured.</exception>
    public async Task<IssuedPatientLink> IssueAsync(Registration registration, string issuedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var baseUrl = portal.Value.BaseUrl ?? throw new InvalidOperationException("Portal:BaseUrl is not configured.");
        var token = PatientLinkToken.New();
        var now = time.GetUtcNow();
        var link = new PatientLink(PatientLinkToken.Hash(token), registration.Id, now, PatientLinkPolicy.ExpiryFor(registration.Appointment), issuedBy);
        await store.CreateAsync(link, cancellationToken);
        await audit.AppendAsync(new AuditEntry(
            RegistrationUpdater.AuditId(registration.Id.Value, $"patient link {link.TokenHash[..12]} issued"), registration.Id.Value, issuedBy,
            $"patient link {link.TokenHash[..12]} issued, expires {link.ExpiresAt:yyyy-MM-dd}", now), cancellationToken);
        return new IssuedPatientLink(new Uri(baseUrl, "c/" + token), link.ExpiresAt);
    }

    /// <summary>What a presented token opens. Forged, unknown, expired and revoked tokens are all <see cref="PatientLinkResolution.Invalid"/>.</summary>
    public async Task<PatientLinkResolution> ResolveAsync(string? token, CancellationToken cancellationToken)
    {
        if (!PatientLinkToken.HasShape(token)) return new PatientLinkResolution.Invalid(PatientLinkRefusal.Malformed);
        var link = await store.FindAsync(PatientLinkToken.Hash(token!), cancellationToken);
        if (link is null) return new PatientLinkResolution.Invalid(PatientLinkRefusal.Unknown);
        if (link.RevokedAt is not null) return new PatientLinkResolution.Invalid(PatientLinkRefusal.Revoked);
        return link.IsUsable(time.GetUtcNow())
            ? new PatientLinkResolution.Valid(link)
            : new PatientLinkResolution.Invalid(PatientLinkRefusal.Expired);
    }

    /// <summary>The link a presented token opens.</summary>
    /// <exception cref="PatientLinkInvalidException">The token opens nothing.</exception>
    public async Task<PatientLink> OpenAsync(string? token, CancellationToken cancellationToken) =>
        await ResolveAsync(token, cancellationToken) switch
        {
            PatientLinkResolution.Valid valid => valid.Link,
            PatientLinkResolution.Invalid invalid => throw new PatientLinkInvalidException(invalid.Why),
            _ => throw new InvalidOperationException("Unknown link resolution."),
        };

    /// <summary>Revokes every link of the registration that still works; returns how many.</summary>
    public async Task<int> RevokeAllAsync(RegistrationId id, string by, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var revoked = 0;
        foreach (var link in await store.ListForRegistrationAsync(id, cancellationToken))
        {
            if (!link.IsUsable(now)) continue;
            await store.ReplaceAsync(link.Revoke(by, now), cancellationToken);
            revoked++;
        }
        if (revoked > 0)
        {
            await audit.AppendAsync(new AuditEntry(
                RegistrationUpdater.AuditId(id.Value, $"patient links revoked at {now:O}"), id.Value, by, $"{revoked} patient link(s) revoked", now), cancellationToken);
        }
        return revoked;
    }
}

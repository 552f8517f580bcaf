namespace PatientAccess.Domain.Notifications;

/// <summary>Where a consent change came from; kept for the audit story and disputes.</summary>
public enum ConsentSource
{
    /// <summary>Ticked on the pre-registration form.</summary>
    PreRegistration,
    /// <summary>Changed by the patient in the portal.</summary>
    PatientPortal,
    /// <summary>An inbound SMS keyword (STOP and its synonyms, START, UNSTOP).</summary>
    SmsKeyword,
    /// <summary>The unsubscribe link in an email.</summary>
    EmailUnsubscribe,
    /// <summary>Recorded by a patient access specialist (e.g. on the phone).</summary>
    Staff,
}

/// <summary>One change of consent for one channel.</summary>
public sealed record ConsentEvent(NotificationChannel Channel, bool Given, DateTimeOffset AtUtc, ConsentSource Source);

/// <summary>The state of one channel's consent.</summary>
public enum ConsentState
{
    /// <summary>Never asked or never answered: we may not send.</summary>
    NotGiven,
    Given,
    Withdrawn,
}

/// <summary>
/// A patient's consents per channel as an append-only list of changes. The latest change per channel
/// decides; when a grant and a withdrawal carry the same instant, the withdrawal wins (when in doubt,
/// do not send). Immutable: every change returns a new ledger.
/// </summary>
public sealed record ConsentLedger(IReadOnlyList<ConsentEvent> Events)
{
    public static ConsentLedger Empty { get; } = new([]);

    /// <summary>Builds the ledger from the consents captured at pre-registration.</summary>
    public static ConsentLedger FromPreRegistration(bool sms, bool email, DateTimeOffset givenAtUtc)
    {
        var events = new List<ConsentEvent>(2);
        if (sms) events.Add(new ConsentEvent(NotificationChannel.Sms, true, givenAtUtc, ConsentSource.PreRegistration));
        if (email) events.Add(new ConsentEvent(NotificationChannel.Email, true, givenAtUtc, ConsentSource.PreRegistration));
        return new ConsentLedger(events);
    }

    public ConsentLedger Give(NotificationChannel channel, DateTimeOffset atUtc, ConsentSource source) =>
        new([.. Events, new ConsentEvent(channel, true, atUtc, source)]);

    public ConsentLedger Withdraw(NotificationChannel channel, DateTimeOffset atUtc, ConsentSource source) =>
        new([.. Events, new ConsentEvent(channel, false, atUtc, source)]);

    /// <summary>The latest change for the channel, or null when there is none.</summary>
    public ConsentEvent? Latest(NotificationChannel channel)
    {
        ConsentEvent? latest = null;
        foreach (var e in Events)
        {
            if (e.Channel != channel) continue;
            if (latest is null || e.AtUtc > latest.AtUtc || (e.AtUtc == latest.AtUtc && !e.Given)) latest = e;
        }
        return latest;
    }

    public ConsentState StateOf(NotificationChannel channel) => Latest(channel) switch
    {
        null => ConsentState.NotGiven,
        { Given: true } => ConsentState.Given,
        _ => ConsentState.Withdrawn,
    };

    public bool Allows(NotificationChannel channel) => StateOf(channel) == ConsentState.Given;
}

namespace PatientAccess.Domain.PriorAuth;

/// <summary>How a payer takes authorization requests.</summary>
public enum PriorAuthProtocol
{
    /// <summary>HL7 Da Vinci PAS (FHIR R4): Claim/$submit, $inquire, subscriptions.</summary>
    Pas,

    /// <summary>X12 278 (005010X217) over the CAQH CORE envelope, through the clearinghouse.</summary>
    X12,
}

/// <summary>
/// What the workflow needs to know about a payer's prior-authorization channel (the payer directory, configuration).
/// </summary>
/// <param name="PollInterval">How often the slow fallback asks for a pended decision ($inquire); never more often.</param>
/// <param name="SupportsSubscriptions">The payer sends rest-hook notifications; polling is then only a backstop.</param>
public sealed record PriorAuthPayer(
    string PayerId,
    string Name,
    PriorAuthProtocol Protocol,
    bool SupportsSubscriptions,
    TimeSpan PollInterval,
    UnknownNeedPolicy WhenUnknown,
    AuthorizationUrgency DefaultUrgency = AuthorizationUrgency.Standard);

/// <summary>The payer directory and each payer's authorization list.</summary>
public interface IPriorAuthPayerDirectory
{
    /// <summary>The payer's authorization channel, or null when the payer takes no electronic requests.</summary>
    PriorAuthPayer? Find(string payerId);

    /// <summary>The payer's list of codes needing authorization, or null when none is on file.</summary>
    PayerRules? RulesFor(string payerId);
}

/// <summary>
/// A subscription notification as received and recorded (the idempotency record: one per payer and event).
/// <see cref="Items"/> holds the decisions of a full-resource notification; null for id-only ones (then the
/// orchestration asks the payer with $inquire).
/// </summary>
/// <param name="RecordId">The authorization record the event is about (<see cref="AuthorizationRecord.Id"/>); null for heartbeats and unknown requests.</param>
/// <param name="Raised">The waiting orchestration was told; a redelivery of a notification not yet raised raises it again.</param>
public sealed record PriorAuthNotification(
    string Id,
    string PayerId,
    string Kind,
    string? RecordId,
    string? PayerReference,
    IReadOnlyList<ItemDecision>? Items,
    DateTimeOffset ReceivedAt,
    bool Raised = false);

/// <summary>Notifications received, one record per payer and event, so a replayed notification changes nothing.</summary>
public interface IPriorAuthNotificationStore
{
    /// <summary>Records the notification; false when one with that id is on file already (a replay or a concurrent delivery).</summary>
    Task<bool> TryAddAsync(PriorAuthNotification notification, CancellationToken cancellationToken);

    Task<PriorAuthNotification?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Marks the notification as raised to its orchestration.</summary>
    Task MarkRaisedAsync(string id, CancellationToken cancellationToken);
}

/// <summary>Which payer sent a notification, from its configured header secret (compared in constant time).</summary>
public interface IPriorAuthNotificationAuthenticator
{
    /// <param name="header">Reads a request header by name; null when absent.</param>
    /// <returns>The payer id, or null when no payer's secret matches.</returns>
    string? Authenticate(Func<string, string?> header);
}

/// <summary>The hospital as it asks for authorizations: requester, facility and the place of service of its lines (configuration).</summary>
public sealed record AuthorizationRequester(AuthorizationProvider Requester, AuthorizationProvider Facility, string PlaceOfService, string TraceOriginator);

/// <summary>
/// One event of a payer's subscription notification, as read: <see cref="EventKey"/> identifies it for idempotency
/// (subscription and event number); <see cref="Items"/> is set for full-resource notifications, null for id-only
/// ones (the focus reference is then all we know: <see cref="PayerReference"/>). Heartbeats and handshakes carry no focus.
/// </summary>
public sealed record PriorAuthNotificationEvent(
    string EventKey,
    string Kind,
    string? SubmissionId,
    string? PayerReference,
    IReadOnlyList<ItemDecision>? Items)
{
    public const string EventNotification = "event-notification";

    public bool IsEvent => Kind == EventNotification && (SubmissionId is not null || PayerReference is not null);
}

/// <summary>Reads a payer's rest-hook notification body (R4 Subscriptions Backport notification Bundle).</summary>
public interface IPriorAuthNotificationReader
{
    /// <exception cref="Common.ValidationException">The body is not a notification Bundle (field-level reasons, no values).</exception>
    IReadOnlyList<PriorAuthNotificationEvent> Read(ReadOnlySpan<byte> body);
}

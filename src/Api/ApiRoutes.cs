namespace PatientAccess.Api;

/// <summary>
/// The route table of the HTTP API, shared by both hosts so they cannot drift: src/Functions binds each
/// entry to an HTTP trigger (under host.json's routePrefix "api"), src/LocalHost maps it under <see cref="Prefix"/>.
/// Templates are relative to the prefix and carry no leading slash (the Functions form).
/// </summary>
public static class ApiRoutes
{
    /// <summary>The common prefix: host.json <c>extensions.http.routePrefix</c> in Functions, a route group in LocalHost.</summary>
    public const string Prefix = "api";

    /// <summary>POST: submit a pre-registration.</summary>
    public const string Registrations = "registrations";

    /// <summary>GET: the status of one registration.</summary>
    public const string Registration = "registrations/{id}";

    /// <summary>GET: the specialists' open work items.</summary>
    public const string Worklist = "worklist";

    /// <summary>POST: a specialist resolves the registration's work item.</summary>
    public const string Resolution = "registrations/{id}/resolution";

    /// <summary>GET: the newest patient messages in the outbox (the local channel a person reads).</summary>
    public const string Outbox = "outbox";

    /// <summary>POST: a short-lived write-only URL for one insurance card photo.</summary>
    public const string CardUploadUrl = "registrations/{id}/card-upload-url";

    /// <summary>POST: ACS events through Event Grid (subscription handshake, inbound SMS, delivery reports); OPTIONS: the CloudEvents webhook handshake.</summary>
    public const string InboundMessages = "notifications/inbound";

    /// <summary>POST: a payer's prior-authorization subscription notification (R4 Subscriptions Backport rest-hook).</summary>
    public const string PriorAuthNotifications = "priorauth/notifications";

    /// <summary>Every operation: HTTP method (lower case, as Functions writes it) and template.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("post", Registrations),
        new("get", Registration),
        new("get", Worklist),
        new("post", Resolution),
        new("get", Outbox),
        new("post", CardUploadUrl),
        new("post", InboundMessages),
        new("options", InboundMessages),
        new("post", PriorAuthNotifications),
    ];
}

/// <summary>One entry of <see cref="ApiRoutes.All"/>.</summary>
public sealed record ApiRoute(string Method, string Template);

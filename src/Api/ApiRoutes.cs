namespace PatientAccess.Api;

/// <summary>
/// The route table of the HTTP API, shared by both hosts so they cannot drift: src/Functions binds each
/// entry to an HTTP trigger (its route under <see cref="Prefix"/>, host.json's routePrefix being empty), src/LocalHost maps it under <see cref="Prefix"/>.
/// Templates are relative to the prefix and carry no leading slash (the Functions form).
/// </summary>
public static class ApiRoutes
{
    /// <summary>The common prefix: the start of every API trigger's route in Functions, a route group in LocalHost.</summary>
    public const string Prefix = "api";

    /// <summary>POST: submit a pre-registration.</summary>
    public const string Registrations = "registrations";

    /// <summary>GET: the status of one registration.</summary>
    public const string Registration = "registrations/{id}";

    /// <summary>GET: the specialists' open work items.</summary>
    public const string Worklist = "worklist";

    /// <summary>POST: a specialist resolves the registration's work item.</summary>
    public const string Resolution = "registrations/{id}/resolution";

    /// <summary>PATCH: the visit moves (body: the registration's appointment object); what the move invalidates runs again.</summary>
    public const string Appointment = "registrations/{id}/appointment";

    /// <summary>POST: the visit is cancelled; the clearance stops and nothing of it runs after.</summary>
    public const string Cancellation = "registrations/{id}/cancellation";

    /// <summary>GET: the newest patient messages in the outbox (the local channel a person reads).</summary>
    public const string Outbox = "outbox";

    /// <summary>POST: a short-lived write-only URL for one insurance card photo.</summary>
    public const string CardUploadUrl = "registrations/{id}/card-upload-url";

    /// <summary>POST: ACS events through Event Grid (subscription handshake, inbound SMS, delivery reports); OPTIONS: the CloudEvents webhook handshake.</summary>
    public const string InboundMessages = "notifications/inbound";

    /// <summary>POST: a payer's prior-authorization subscription notification (R4 Subscriptions Backport rest-hook).</summary>
    public const string PriorAuthNotifications = "priorauth/notifications";

    /// <summary>GET: this API described as OpenAPI 3 (generated from this table).</summary>
    public const string OpenApi = "openapi.json";

    /// <summary>GET: who the signed-in specialist is.</summary>
    public const string ConsoleMe = "console/me";

    /// <summary>GET: open work items with patient, visit and payer; filters, search, order, paging, counts.</summary>
    public const string ConsoleWorklist = "console/worklist";

    /// <summary>GET: one registration for a specialist (audited as viewed).</summary>
    public const string ConsoleRegistration = "console/registrations/{id}";

    /// <summary>POST: a specialist resolves the open work item (the console's form of <see cref="Resolution"/>).</summary>
    public const string ConsoleResolution = "console/registrations/{id}/resolution";

    /// <summary>POST: a specialist corrects member id, group, payer, names or date of birth.</summary>
    public const string ConsoleCorrection = "console/registrations/{id}/correction";

    /// <summary>POST: an upload URL for a card photo a specialist sends on the patient's behalf.</summary>
    public const string ConsoleCardUploadUrl = "console/registrations/{id}/card-upload-url";

    /// <summary>POST: a fresh patient link (and the patient's next reminder brought forward); DELETE: revoke every link.</summary>
    public const string ConsolePatientLink = "console/registrations/{id}/patient-link";

    /// <summary>GET: the patient page's data for the registration the link opens (no API key: the token is the capability).</summary>
    public const string PortalView = "portal/{token}";

    /// <summary>POST: an upload URL for a card photo, for the link's registration only.</summary>
    public const string PortalCardUploadUrl = "portal/{token}/card-upload-url";

    /// <summary>PUT: the patient's contact choices (SMS, email, language).</summary>
    public const string PortalContact = "portal/{token}/contact";

    /// <summary>GET: the forms the visit needs, with their exact words and state.</summary>
    public const string PortalForms = "portal/{token}/forms";

    /// <summary>POST: sign one form electronically (replay-safe by the body's requestId).</summary>
    public const string PortalFormSignature = "portal/{token}/forms/{kind}/signature";

    /// <summary>POST: withdraw a signed form.</summary>
    public const string PortalFormWithdrawal = "portal/{token}/forms/{kind}/withdrawal";

    /// <summary>GET: the signed document (PDF), its hash checked.</summary>
    public const string PortalFormDocument = "portal/{token}/forms/{kind}/document";

    /// <summary>GET: the self-pay patient's Good Faith Estimate as a PDF (or ?format=html, a page to print).</summary>
    public const string PortalGoodFaithEstimate = "portal/{token}/good-faith-estimate";

    /// <summary>GET: the registration's Good Faith Estimate for a specialist (PDF or ?format=html).</summary>
    public const string ConsoleGoodFaithEstimate = "console/registrations/{id}/good-faith-estimate";

    /// <summary>POST: a specialist records a paper signature by uploading its scan.</summary>
    public const string ConsolePaperSignature = "console/registrations/{id}/forms/{kind}/paper-signature";

    /// <summary>POST: a specialist records a withdrawal the patient made by phone or in person.</summary>
    public const string ConsoleFormWithdrawal = "console/registrations/{id}/forms/{kind}/withdrawal";

    /// <summary>GET: the signed document for a specialist, its hash checked.</summary>
    public const string ConsoleFormDocument = "console/registrations/{id}/forms/{kind}/document";

    /// <summary>GET: the patient's conversation with the clinic; POST: ask a question (replay-safe by the body's requestId).</summary>
    public const string PortalQuestions = "portal/{token}/questions";

    /// <summary>GET: open patient questions with their registrations, the first due first, and texts from unknown numbers.</summary>
    public const string ConsoleQuestions = "console/questions";

    /// <summary>POST: a specialist replies to the registration's questions (through the outbox; replay-safe by the body's requestId).</summary>
    public const string ConsoleQuestionReply = "console/registrations/{id}/questions/reply";

    /// <summary>Every operation: HTTP method (lower case, as Functions writes it), template, who may call it, and what the OpenAPI document says of it.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("post", Registrations, ApiAccess.Key, "Submit a pre-registration", typeof(Domain.Registrations.RegistrationForm), typeof(SubmissionResponse), 202, [400, 409, 413, 415, 422]),
        new("get", Registration, ApiAccess.Key, "Where a registration's clearance stands (no PHI)", null, typeof(Workflow.Operations.RegistrationStatus), 200, [404]),
        new("get", Worklist, ApiAccess.Key, "Open work items, oldest first", null, typeof(IReadOnlyList<Domain.WorkItems.WorkItem>), 200, [400], ["reason", "max"]),
        new("post", Resolution, ApiAccess.Key, "Resolve the registration's work item", typeof(ResolutionRequest), typeof(Domain.WorkItems.WorkItem), 200, [400, 404, 409]),
        new("patch", Appointment, ApiAccess.Key, "Reschedule the visit: eligibility, re-check date, reminders and authorizations follow the new appointment", typeof(Domain.Registrations.AppointmentForm), typeof(Workflow.Operations.RescheduleResult), 200, [400, 404, 409]),
        new("post", Cancellation, ApiAccess.Key, "Cancel the visit: the clearance stops, open work items close, pending authorizations are cancelled", typeof(Workflow.Operations.CancellationRequest), typeof(Workflow.Operations.CancellationResult), 200, [400, 404]),
        new("get", Outbox, ApiAccess.Key, "The newest patient messages (the local channel)", null, typeof(IReadOnlyList<OutboxEntry>), 200, [400], ["max"]),
        new("post", CardUploadUrl, ApiAccess.Key, "A create-only upload URL for one card photo", typeof(UploadUrlRequest), typeof(UploadUrlResponse), 200, [400, 404, 409]),
        new("post", InboundMessages, ApiAccess.Key, "ACS events through Event Grid (handshake, inbound SMS, delivery reports)", null, null, 200, [400]),
        new("options", InboundMessages, ApiAccess.Key, "CloudEvents webhook handshake", null, null, 200, [400]),
        new("post", PriorAuthNotifications, ApiAccess.Key, "A payer's prior-authorization notification (R4 Subscriptions Backport rest-hook; the payer's secret header as well)", null, typeof(Workflow.PriorAuth.NotificationReceipt), 200, [400, 401, 413, 415]),
        new("get", OpenApi, ApiAccess.Anonymous, "This document", null, null, 200, []),
        new("get", ConsoleMe, ApiAccess.Specialist, "The signed-in specialist", null, typeof(SpecialistIdentity), 200, [401, 403]),
        new("get", ConsoleWorklist, ApiAccess.Specialist, "The worklist with patients, visits and payers (views audited)", null, typeof(Workflow.SpecialistConsole.WorklistPage), 200, [400, 401, 403], ConsoleEndpoints.WorklistQueryNames),
        new("get", ConsoleRegistration, ApiAccess.Specialist, "One registration for a specialist (view audited)", null, typeof(Workflow.SpecialistConsole.ConsoleRegistration), 200, [401, 403, 404]),
        new("post", ConsoleResolution, ApiAccess.Specialist, "Resolve the open work item as the signed-in specialist", typeof(ResolutionRequest), typeof(Domain.WorkItems.WorkItem), 200, [400, 401, 403, 404, 409]),
        new("post", ConsoleCorrection, ApiAccess.Specialist, "Correct member id, group, payer, names or date of birth", typeof(Workflow.SpecialistConsole.CorrectionRequest), typeof(Workflow.SpecialistConsole.ConsoleRegistration), 200, [400, 401, 403, 404, 409]),
        new("post", ConsoleCardUploadUrl, ApiAccess.Specialist, "An upload URL for a card photo sent on the patient's behalf", typeof(UploadUrlRequest), typeof(UploadUrlResponse), 200, [400, 401, 403, 404, 409]),
        new("post", ConsolePatientLink, ApiAccess.Specialist, "A fresh patient link; the next reminder is brought forward", null, typeof(PatientLinkResponse), 200, [401, 403, 404]),
        new("delete", ConsolePatientLink, ApiAccess.Specialist, "Revoke every working patient link of the registration", null, typeof(RevokedLinksResponse), 200, [401, 403, 404]),
        new("get", PortalView, ApiAccess.PatientLink, "The patient page: clinic, visit, what is needed, card results, contact choices", null, typeof(Workflow.Portal.PortalView), 200, [410, 429]),
        new("post", PortalCardUploadUrl, ApiAccess.PatientLink, "A create-only upload URL for a card photo of the link's registration", typeof(UploadUrlRequest), typeof(UploadUrlResponse), 200, [400, 409, 410, 413, 415, 429]),
        new("put", PortalContact, ApiAccess.PatientLink, "Change how the patient is contacted (SMS, email, language)", typeof(ContactRequest), typeof(Workflow.Portal.PortalView), 200, [400, 410, 413, 415, 429]),
        new("get", PortalForms, ApiAccess.PatientLink, "The forms the visit needs: exact words, version, state", null, typeof(IReadOnlyList<Workflow.Forms.PortalForm>), 200, [410, 429]),
        new("post", PortalFormSignature, ApiAccess.PatientLink, "Sign one form (ESIGN/UETA record; a replayed requestId records one signature)", typeof(Workflow.Forms.SignatureRequest), typeof(Workflow.Forms.SignatureReceipt), 200, [400, 410, 413, 415, 429]),
        new("post", PortalFormWithdrawal, ApiAccess.PatientLink, "Withdraw a signed form", typeof(WithdrawalRequest), typeof(WithdrawalResponse), 200, [400, 410, 413, 415, 429]),
        new("get", PortalFormDocument, ApiAccess.PatientLink, "The signed form as PDF (hash checked)", null, null, 200, [400, 404, 410, 429]),
        new("get", PortalGoodFaithEstimate, ApiAccess.PatientLink, "The Good Faith Estimate as a PDF to keep or an HTML page to print (the hand-out is audited)", null, null, 200, [400, 404, 410, 429], EstimateEndpoints.QueryNames),
        new("get", ConsoleGoodFaithEstimate, ApiAccess.Specialist, "The registration's Good Faith Estimate as a PDF or a page to print (audited)", null, null, 200, [400, 401, 403, 404], EstimateEndpoints.QueryNames),
        new("post", ConsolePaperSignature, ApiAccess.Specialist, "Record a paper signature by uploading its scan (PDF, JPEG, PNG)", typeof(PaperSignatureRequest), typeof(Workflow.Forms.SignatureReceipt), 200, [400, 401, 403, 404, 413, 415]),
        new("post", ConsoleFormWithdrawal, ApiAccess.Specialist, "Record a withdrawal the patient made by phone or in person", typeof(WithdrawalRequest), typeof(WithdrawalResponse), 200, [400, 401, 403, 404, 413, 415]),
        new("get", ConsoleFormDocument, ApiAccess.Specialist, "The signed document (hash checked)", null, null, 200, [400, 401, 403, 404]),
        new("get", PortalQuestions, ApiAccess.PatientLink, "The patient's conversation with the clinic", null, typeof(Workflow.Questions.PortalQuestions), 200, [410, 429]),
        new("post", PortalQuestions, ApiAccess.PatientLink, "Ask the clinic a question (a replayed requestId records one message; a few an hour)", typeof(Workflow.Questions.QuestionRequest), typeof(Workflow.Questions.PortalQuestions), 200, [400, 410, 413, 415, 429]),
        new("get", ConsoleQuestions, ApiAccess.Specialist, "Open patient questions, the first due first, with their registrations (views audited)", null, typeof(Workflow.Questions.QuestionWorklist), 200, [400, 401, 403], QuestionEndpoints.QueryNames),
        new("post", ConsoleQuestionReply, ApiAccess.Specialist, "Reply to the patient's questions through the outbox (consent, quiet hours, caps and the PHI check apply; audited)", typeof(Workflow.Questions.QuestionRequest), typeof(Workflow.Questions.ConsoleQuestionThread), 200, [400, 401, 403, 404, 413, 415]),
    ];
}

/// <summary>Who may call an operation.</summary>
public enum ApiAccess
{
    /// <summary>Machines: a function key in Azure, the API key locally.</summary>
    Key,
    /// <summary>A signed-in specialist (Entra ID app role Specialist in Azure; the development sign-in or the API key locally).</summary>
    Specialist,
    /// <summary>Anyone holding a patient link: the token in the path is the capability (rate-limited).</summary>
    PatientLink,
    /// <summary>Anyone (no PHI).</summary>
    Anonymous,
}

/// <summary>
/// One entry of <see cref="ApiRoutes.All"/>: method and template (what the hosts bind), and the metadata the OpenAPI
/// document is generated from (who may call it, a summary, the request and response body types, the success status
/// and the client errors it answers with).
/// </summary>
public sealed record ApiRoute(
    string Method,
    string Template,
    ApiAccess Access = ApiAccess.Key,
    string? Summary = null,
    Type? Request = null,
    Type? Response = null,
    int Success = 200,
    IReadOnlyList<int>? Problems = null,
    IReadOnlyList<string>? Query = null)
{
    /// <summary>Equality is method and template: the metadata describes the route, it is not part of its identity.</summary>
    public bool Equals(ApiRoute? other) => other is not null && Method == other.Method && Template == other.Template;

    public override int GetHashCode() => HashCode.Combine(Method, Template);
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace PatientAccess.PayerSandbox;

/// <summary>
/// The Da Vinci PAS side of the sandbox payer (FHIR R4 with the Firely SDK): <c>POST /fhir/Claim/$submit</c>,
/// <c>POST /fhir/Claim/$inquire</c>, <c>Subscription</c> create/read/delete, and rest-hook notifications (R4
/// Subscriptions Backport, full-resource or id-only, with the subscription's headers) when a pended request is
/// decided. Requests are checked for shape (a collection Bundle, the Claim first with use preauthorization and an
/// identifier, every reference found in the Bundle); a bad one gets 400 with an OperationOutcome naming the element.
/// </summary>
public static class PasSandbox
{
    public const string FhirMediaType = "application/fhir+json";
    private const string Pas = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/";
    private const string PayloadContentUrl = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content";

    private static readonly JsonSerializerOptions Writer = new JsonSerializerOptions().ForFhir().Pretty();
    private static readonly JsonSerializerOptions Reader = new JsonSerializerOptions().ForFhir().UsingMode(DeserializationMode.Recoverable);

    public static void Map(WebApplication app)
    {
        app.MapPost("/fhir/Claim/$submit", SubmitAsync);
        app.MapPost("/fhir/Claim/$inquire", InquireAsync);
        app.MapPost("/fhir/Subscription", CreateSubscriptionAsync);
        app.MapGet("/fhir/Subscription/{id}", (string id, SubscriptionRegistry subscriptions) =>
            subscriptions.Find(id) is { } s ? Fhir(s, 200) : Outcome(404, OperationOutcome.IssueType.NotFound, "Subscription", "no such subscription"));
        app.MapDelete("/fhir/Subscription/{id}", (string id, SubscriptionRegistry subscriptions) =>
            subscriptions.Remove(id) ? Results.NoContent() : Outcome(404, OperationOutcome.IssueType.NotFound, "Subscription", "no such subscription"));
        app.MapGet("/sandbox/authorizations", (AuthorizationSimulator simulator) => Results.Ok(simulator.Submissions.Select(s => new
        {
            s.SubmissionId,
            s.PayerReference,
            Services = s.Services.Select(x => new { x.Sequence, x.Code, x.Units }),
            Decisions = s.Decisions.OrderBy(d => d.Key).Select(d => new { Sequence = d.Key, d.Value.ReviewAction, d.Value.AuthorizationNumber }),
            Pending = s.Pending.Count,
        })));
    }

    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, resource.GetType(), Writer);

    private static async Task<Resource?> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        try
        {
            var resource = JsonSerializer.Deserialize<Resource>(buffer.ToArray(), Reader);
            return resource is Parameters p ? p.Parameter.FirstOrDefault(x => x.Resource is Bundle)?.Resource ?? resource : resource;
        }
        catch (DeserializationFailedException e) when (e.PartialResult is Resource partial)
        {
            return partial;
        }
        catch (Exception e) when (e is DeserializationFailedException or JsonException)
        {
            return null;
        }
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, AuthorizationSimulator simulator)
    {
        var (bundle, claim, problem) = await RequestAsync(http.Request);
        if (problem is not null) return problem;
        var submissionId = claim!.Identifier[0].Value!;
        var services = Services(claim);
        if (simulator.ShouldFail(submissionId, services.Select(s => s.Code))) return Results.StatusCode(503);

        var cancel = claim.Related.Count > 0 || claim.Item.Any(i => CertificationType(i) == "3");
        SandboxSubmission? submission;
        if (cancel)
        {
            var original = claim.Related.FirstOrDefault()?.Claim?.Identifier?.Value ?? submissionId;
            if (!simulator.Cancel(original)) return Outcome(404, OperationOutcome.IssueType.NotFound, "Claim.related.claim", "the payer has no request with that identifier");
            submission = simulator.Find(original)!;
        }
        else
        {
            submission = simulator.Submit(submissionId, services);
        }
        return Fhir(Response(bundle!, claim, submission), 200);
    }

    private static async Task<IResult> InquireAsync(HttpContext http, AuthorizationSimulator simulator)
    {
        var (bundle, claim, problem) = await RequestAsync(http.Request);
        if (problem is not null) return problem;
        var submission = simulator.Find(claim!.Identifier[0].Value!);
        if (submission is null) return Outcome(404, OperationOutcome.IssueType.NotFound, "Claim.identifier", "the payer has no request with that identifier");
        if (simulator.ShouldFail(submission.SubmissionId + "|inquire", submission.Services.Select(s => s.Code))) return Results.StatusCode(503);
        return Fhir(Response(bundle!, claim, submission), 200);
    }

    /// <summary>The request bundle and its claim, or a 400 OperationOutcome naming what is wrong.</summary>
    private static async Task<(Bundle? Bundle, Claim? Claim, IResult? Problem)> RequestAsync(HttpRequest request)
    {
        var resource = await ReadAsync(request);
        if (resource is not Bundle bundle) return (null, null, Outcome(400, OperationOutcome.IssueType.Structure, "Bundle", "the body must be a PAS request Bundle"));
        if (bundle.Type != Bundle.BundleType.Collection) return (null, null, Outcome(400, OperationOutcome.IssueType.Value, "Bundle.type", "must be collection"));
        if (bundle.Entry.Count == 0 || bundle.Entry[0].Resource is not Claim claim) return (null, null, Outcome(400, OperationOutcome.IssueType.Structure, "Bundle.entry[0]", "must be the Claim"));
        if (claim.Use != ClaimUseCode.Preauthorization) return (null, null, Outcome(400, OperationOutcome.IssueType.Value, "Claim.use", "must be preauthorization"));
        if (claim.Identifier.Count == 0 || string.IsNullOrWhiteSpace(claim.Identifier[0].Value)) return (null, null, Outcome(400, OperationOutcome.IssueType.Required, "Claim.identifier", "is required"));
        if (claim.Item.Count == 0) return (null, null, Outcome(400, OperationOutcome.IssueType.Required, "Claim.item", "is required"));
        var references = new List<(string Path, ResourceReference? Reference)>
        {
            ("Claim.patient", claim.Patient), ("Claim.insurer", claim.Insurer), ("Claim.provider", claim.Provider),
        };
        references.AddRange(claim.Insurance.Select((x, i) => ($"Claim.insurance[{i}].coverage", (ResourceReference?)x.Coverage)));
        references.AddRange(claim.CareTeam.Select((x, i) => ($"Claim.careTeam[{i}].provider", (ResourceReference?)x.Provider)));
        foreach (var (path, reference) in references)
        {
            if (reference?.Reference is null) continue;
            if (!bundle.Entry.Any(e => Matches(e, reference.Reference)))
            {
                return (null, null, Outcome(400, OperationOutcome.IssueType.NotFound, path, "names a resource that is not in the Bundle"));
            }
        }
        if (claim.Patient?.Reference is null) return (null, null, Outcome(400, OperationOutcome.IssueType.Required, "Claim.patient", "is required"));
        return (bundle, claim, null);
    }

    private static bool Matches(Bundle.EntryComponent entry, string reference) =>
        entry.FullUrl == reference || (entry.FullUrl?.EndsWith("/" + reference, StringComparison.Ordinal) ?? false) ||
        (entry.Resource is { } r && reference == $"{r.TypeName}/{r.Id}");

    private static string? CertificationType(Claim.ItemComponent item) =>
        (item.Extension.FirstOrDefault(e => e.Url == Pas + "extension-certificationType")?.Value as CodeableConcept)?.Coding.FirstOrDefault()?.Code;

    private static List<SandboxService> Services(Claim claim) =>
    [
        .. claim.Item.Select((item, i) =>
        {
            var (from, to) = item.Serviced switch
            {
                Period p => (Date(p.Start), Date(p.End ?? p.Start)),
                Date d => (Date(d.Value), Date(d.Value)),
                _ => (DateOnly.FromDateTime(DateTime.UtcNow), DateOnly.FromDateTime(DateTime.UtcNow)),
            };
            return new SandboxService(item.Sequence ?? i + 1, item.ProductOrService?.Coding.FirstOrDefault()?.Code ?? "UNKNOWN", item.Quantity?.Value ?? 1, from, to);
        }),
    ];

    private static DateOnly Date(string? text) =>
        text is { Length: >= 10 } && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>A PAS response Bundle: the ClaimResponse first, then the patient and insurer it references (copied from the request).</summary>
    public static Bundle Response(Bundle request, Claim claim, SandboxSubmission submission)
    {
        var response = ClaimResponse(claim, submission);
        var bundle = new Bundle
        {
            Meta = new Meta { Profile = [Pas + "profile-pas-response-bundle"] },
            Identifier = request.Identifier,
            Type = Bundle.BundleType.Collection,
            Timestamp = DateTimeOffset.UtcNow,
        };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "http://sandbox.local/fhir/ClaimResponse/" + response.Id, Resource = response });
        foreach (var reference in new[] { claim.Patient?.Reference, claim.Insurer?.Reference, claim.Provider?.Reference }.Where(r => r is not null).Distinct())
        {
            var entry = request.Entry.FirstOrDefault(e => Matches(e, reference!));
            if (entry is not null) bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = entry.FullUrl, Resource = entry.Resource });
        }
        return bundle;
    }

    public static ClaimResponse ClaimResponse(Claim claim, SandboxSubmission submission)
    {
        var pended = !submission.Pending.IsEmpty;
        var response = new ClaimResponse
        {
            Id = submission.PayerReference,
            Meta = new Meta { Profile = [Pas + "profile-claimresponse"] },
            Identifier = [new Identifier("http://sandbox.local/fhir/claimresponse", submission.PayerReference)],
            Status = FinancialResourceStatusCodes.Active,
            Type = claim.Type ?? new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
            Use = ClaimUseCode.Preauthorization,
            Patient = claim.Patient,
            Created = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Insurer = claim.Insurer ?? new ResourceReference { Display = "unknown insurer" },
            Requestor = claim.Provider,
            Request = new ResourceReference { Identifier = claim.Identifier.Count > 0 ? claim.Identifier[0] : new Identifier("urn:unknown", submission.SubmissionId) },
            Outcome = pended ? ClaimProcessingCodes.Queued : ClaimProcessingCodes.Complete,
            Disposition = pended ? "pended for review" : "decided",
        };
        foreach (var service in submission.Services)
        {
            if (!submission.Decisions.TryGetValue(service.Sequence, out var decision)) continue;
            response.Item.Add(Item(service, decision));
            if (decision.AuthorizationNumber is { } number && response.PreAuthRef is null) response.PreAuthRef = number;
        }
        return response;
    }

    private static ClaimResponse.ItemComponent Item(SandboxService service, SandboxDecision decision)
    {
        var item = new ClaimResponse.ItemComponent { ItemSequence = service.Sequence };
        item.Extension.Add(new Extension(Pas + "extension-administrationReferenceNumber", new FhirString(decision.TrackingNumber)));
        if (decision.From is { } from && decision.To is { } to)
        {
            item.Extension.Add(new Extension(Pas + "extension-itemPreAuthPeriod", new Period(new FhirDateTime(from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new FhirDateTime(to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))));
        }
        if (decision.Units is { } units)
        {
            var detail = new Extension { Url = Pas + "extension-itemAuthorizedDetail" };
            detail.Extension.Add(new Extension("productOrServiceCode", new CodeableConcept(service.Code.Length == 5 && char.IsAsciiDigit(service.Code[0]) ? "http://www.ama-assn.org/go/cpt" : "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", service.Code)));
            detail.Extension.Add(new Extension("quantity", new Quantity { Value = units, Unit = "Unit", System = "https://codesystem.x12.org/005010/355", Code = "UN" }));
            item.Extension.Add(detail);
        }
        var review = new Extension { Url = Pas + "extension-reviewAction" };
        review.Extension.Add(new Extension(Pas + "extension-reviewActionCode", new CodeableConcept("https://codesystem.x12.org/005010/306", decision.ReviewAction)));
        if (decision.AuthorizationNumber is { } number) review.Extension.Add(new Extension("number", new FhirString(number)));
        if (decision.ReasonCode is { } reason) review.Extension.Add(new Extension("reasonCode", new CodeableConcept("https://codesystem.x12.org/005010/886", reason)));
        var adjudication = new ClaimResponse.AdjudicationComponent { Category = new CodeableConcept("http://terminology.hl7.org/CodeSystem/adjudication", "submitted") };
        adjudication.Extension.Add(review);
        item.Adjudication.Add(adjudication);
        return item;
    }

    private static async Task<IResult> CreateSubscriptionAsync(HttpContext http, SubscriptionRegistry subscriptions)
    {
        if (await ReadAsync(http.Request) is not Subscription subscription) return Outcome(400, OperationOutcome.IssueType.Structure, "Subscription", "the body must be a Subscription");
        if (subscription.Channel?.Type != Subscription.SubscriptionChannelType.RestHook) return Outcome(400, OperationOutcome.IssueType.Value, "Subscription.channel.type", "must be rest-hook");
        if (!Uri.TryCreate(subscription.Channel.Endpoint, UriKind.Absolute, out var endpoint) || !endpoint.IsLoopback)
        {
            return Outcome(400, OperationOutcome.IssueType.Value, "Subscription.channel.endpoint", "must be an absolute loopback URL (the sandbox notifies this machine only)");
        }
        var created = subscriptions.Add(subscription);
        return Fhir(created, 201);
    }

    public static IResult Fhir(Resource resource, int status) => Results.Text(Serialize(resource), FhirMediaType, Encoding.UTF8, status);

    public static IResult Outcome(int status, OperationOutcome.IssueType code, string expression, string message) => Fhir(new OperationOutcome
    {
        Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = code, Expression = [expression], Diagnostics = message }],
    }, status);

    /// <summary>The content a subscription asked for: full-resource (default) or id-only.</summary>
    public static string PayloadContent(Subscription subscription) =>
        (subscription.Channel?.PayloadElement?.Extension.FirstOrDefault(e => e.Url == PayloadContentUrl)?.Value as Code)?.Value ?? "full-resource";
}

/// <summary>Subscriptions the sandbox payer holds, and their event counters.</summary>
public sealed class SubscriptionRegistry
{
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _events = new(StringComparer.Ordinal);
    private int _next;

    public IReadOnlyCollection<Subscription> Active => [.. _subscriptions.Values];

    public Subscription Add(Subscription subscription)
    {
        var id = "sbx-sub-" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        subscription.Id = id;
        subscription.Status = Subscription.SubscriptionStatus.Active;
        _subscriptions[id] = subscription;
        return subscription;
    }

    public Subscription? Find(string id) => _subscriptions.GetValueOrDefault(id);

    public bool Remove(string id) => _subscriptions.TryRemove(id, out _);

    public long NextEvent(string id) => _events.AddOrUpdate(id, 1, (_, n) => n + 1);
}

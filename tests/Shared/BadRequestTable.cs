using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PatientAccess.Tests.Common;

/// <summary>
/// One request a client should never get a 5xx for, and the 4xx problem it must get instead. Paths hold placeholders the
/// host test fills in: <c>{unknown}</c> (no such registration), <c>{active}</c> (a registration whose clearance runs),
/// <c>{finished}</c> (a registration whose clearance is finished).
/// </summary>
/// <param name="Name">What is wrong, for the test's output.</param>
/// <param name="Route">The route (as in ApiRoutes) the request goes to.</param>
/// <param name="Body">The body's bytes; null for none. <see cref="BodyLength"/> stands for bodies too large to hold.</param>
/// <param name="BodyLength">A body of this many bytes (<see cref="LargeBodyStream"/>), streamed: declared in Content-Length when <see cref="Chunked"/> is false.</param>
/// <param name="Field">The field the problem's <c>errors</c> must name, when it names one.</param>
/// <param name="DetailContains">Words the problem's detail must contain.</param>
public sealed record BadRequest(
    string Name,
    string Method,
    string Route,
    string Path,
    string? ContentType,
    byte[]? Body,
    int Status,
    string ProblemType,
    string? Field = null,
    string? DetailContains = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    long? BodyLength = null,
    bool Chunked = false)
{
    public override string ToString() => $"{Method} {Route}: {Name}";

    public string PathFor(string unknown, string active, string finished) =>
        Path.Replace("{unknown}", unknown, StringComparison.Ordinal)
            .Replace("{active}", active, StringComparison.Ordinal)
            .Replace("{finished}", finished, StringComparison.Ordinal);
}

/// <summary>
/// The table of bad requests both hosts must answer with a 4xx problem (issue 10, "The API's edges"): every route, every
/// kind of wrong input. The LocalHost tests send it over HTTP; the Functions tests call the functions with it.
/// </summary>
public static class BadRequestTable
{
    private const string TypeBase = "https://patientaccess.dev/problems/";
    public const string Validation = TypeBase + "validation";
    public const string Malformed = TypeBase + "malformed-request";
    public const string UnsupportedMediaType = TypeBase + "unsupported-media-type";
    public const string PayloadTooLarge = TypeBase + "payload-too-large";
    public const string MissingKey = TypeBase + "missing-idempotency-key";
    public const string InvalidKey = TypeBase + "invalid-idempotency-key";
    public const string NotFound = TypeBase + "not-found";
    public const string ClearanceFinished = TypeBase + "clearance-finished";
    public const string Unauthorized = TypeBase + "unauthorized";

    public const string Json = "application/json";
    public const long FortyMegabytes = 40L * 1024 * 1024;

    /// <summary>The header and secret of the one payer both hosts are configured with for the prior-auth notification rows.</summary>
    public const string PayerSecretHeader = "X-Notification-Secret";
    public const string PayerSecret = "bad-request-table-payer-secret";

    /// <summary>
    /// The configuration (':' keys) that makes both hosts know that payer: a PAS payer with subscriptions whose secret is
    /// <see cref="PayerSecret"/>. Its FHIR base is never called: no row gets past reading the body.
    /// </summary>
    public static IReadOnlyDictionary<string, string> PriorAuthSettings { get; } = new Dictionary<string, string>
    {
        ["PriorAuth:BaseUrl"] = "http://127.0.0.1:9/fhir/",
        ["PriorAuth:Payers:0:PayerId"] = "SBXPPO",
        ["PriorAuth:Payers:0:Protocol"] = "Pas",
        ["PriorAuth:Payers:0:SupportsSubscriptions"] = "true",
        ["PriorAuth:Payers:0:NotificationSecretName"] = "PriorAuthSecrets:SBXPPO",
        ["PriorAuth:Payers:0:NotificationHeader"] = PayerSecretHeader,
        ["PriorAuthSecrets:SBXPPO"] = PayerSecret,
    };

    /// <summary>A valid pre-registration (visit ten days ahead of the run) with one change.</summary>
    public static byte[] Registration(Action<JsonObject>? change = null)
    {
        var form = new JsonObject
        {
            ["patient"] = new JsonObject
            {
                ["givenName"] = "Ottilie",
                ["familyName"] = "Vantongeren",
                ["birthDate"] = "1984-03-12",
                ["sex"] = "F",
                ["address"] = new JsonObject { ["line1"] = "100 Example Ave", ["city"] = "Springfield", ["state"] = "IL", ["postalCode"] = "62701" },
                ["phone"] = "+12175550100",
                ["email"] = "ottilie@example.org",
                ["timeZone"] = "America/Chicago",
            },
            ["appointment"] = new JsonObject
            {
                ["scheduledAt"] = DateTimeOffset.UtcNow.AddDays(10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["timeZone"] = "America/Chicago",
                ["serviceCodes"] = new JsonArray("99213"),
                ["renderingNpi"] = "1234567893",
                ["facilityId"] = "SPRINGFIELD-MAIN",
            },
            ["insurance"] = new JsonObject { ["payerName"] = "SANDBOX PPO HEALTH PLAN", ["payerId"] = "SBXPPO", ["memberId"] = "100000001", ["groupNumber"] = "GRP10001" },
            ["consents"] = new JsonObject { ["sms"] = true, ["email"] = true, ["termsVersion"] = "2026-10" },
        };
        change?.Invoke(form);
        return Encoding.UTF8.GetBytes(form.ToJsonString());
    }

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    private static JsonObject Patient(JsonObject form) => form["patient"]!.AsObject();

    /// <summary>The Idempotency-Key header every registration row carries unless it tests the key itself.</summary>
    public static IReadOnlyDictionary<string, string> Key() => new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() };

    public static IReadOnlyList<BadRequest> Rows { get; } = Build();

    private static List<BadRequest> Build()
    {
        const string registrations = "registrations";
        const string registration = "registrations/{id}";
        const string worklist = "worklist";
        const string resolution = "registrations/{id}/resolution";
        const string uploadUrl = "registrations/{id}/card-upload-url";
        const string outbox = "outbox";
        const string inbound = "notifications/inbound";
        const string priorAuth = "priorauth/notifications";
        var rows = new List<BadRequest>();

        void Register(string name, byte[]? body, int status, string type, string? field = null, string? contentType = Json, IReadOnlyDictionary<string, string>? headers = null, string? detail = null, long? length = null, bool chunked = false) =>
            rows.Add(new(name, "POST", registrations, "api/registrations", contentType, body, status, type, field, detail, headers ?? Key(), length, chunked));

        // POST /api/registrations
        Register("no content type", Registration(), 415, UnsupportedMediaType, contentType: null);
        Register("text/plain", Registration(), 415, UnsupportedMediaType, contentType: "text/plain");
        Register("form post", Text("patient=x"), 415, UnsupportedMediaType, contentType: "application/x-www-form-urlencoded");
        Register("JSON in UTF-16", Registration(), 415, UnsupportedMediaType, contentType: "application/json; charset=utf-16");
        Register("40 MB declared", null, 413, PayloadTooLarge, length: FortyMegabytes);
        Register("40 MB chunked", null, 413, PayloadTooLarge, length: FortyMegabytes, chunked: true);
        Register("no Idempotency-Key", Registration(), 400, MissingKey, headers: new Dictionary<string, string>());
        Register("201-character Idempotency-Key", Registration(), 400, InvalidKey, headers: new Dictionary<string, string> { ["Idempotency-Key"] = new string('k', 201) }, detail: "too long");
        Register("empty body", [], 400, Malformed);
        Register("not JSON", Text("{\"patient\": {"), 400, Malformed);
        Register("a JSON array", Text("[]"), 400, Malformed);
        Register("JSON null", Text("null"), 400, Malformed);
        Register("a number for a name", Registration(f => Patient(f)["givenName"] = 5), 400, Malformed, "patient.givenName");
        Register("a property twice", Text("{\"patient\":{},\"patient\":{}}"), 400, Malformed);
        Register("X12 delimiters in the given name", Registration(f => Patient(f)["givenName"] = "JO~HN*ISA"), 400, Validation, "patient.givenName");
        Register("X12 segment in the member id", Registration(f => f["insurance"]!["memberId"] = "1000~NM1*IL*1"), 400, Validation, "insurance.memberId");
        Register("NUL in the given name", Registration(f => Patient(f)["givenName"] = "Otti\u0000lie"), 400, Validation, "patient.givenName");
        Register("BEL in the family name", Registration(f => Patient(f)["familyName"] = "Van\u0007tongeren"), 400, Validation, "patient.familyName");
        Register("right-to-left override in the family name", Registration(f => Patient(f)["familyName"] = "\u202Enereg"), 400, Validation, "patient.familyName");
        Register("zero-width space in the given name", Registration(f => Patient(f)["givenName"] = "Otti\u200Blie"), 400, Validation, "patient.givenName");
        Register("state ZZ", Registration(f => Patient(f)["address"]!["state"] = "ZZ"), 400, Validation, "patient.address.state");
        Register("visit in 2999", Registration(f => f["appointment"]!["scheduledAt"] = "2999-01-15T09:30:00-06:00"), 400, Validation, "appointment.scheduledAt");
        Register("visit last year", Registration(f => f["appointment"]!["scheduledAt"] = DateTimeOffset.UtcNow.AddYears(-1).ToString("O", CultureInfo.InvariantCulture)), 400, Validation, "appointment.scheduledAt");
        Register("time zone path", Registration(f => f["appointment"]!["timeZone"] = "../../../../etc/passwd"), 400, Validation, "appointment.timeZone");
        Register("unpaired surrogate", Text("{\"patient\":{\"givenName\":\"\\ud800\"}}"), 400, Malformed, "patient.givenName");

        // GET /api/registrations/{id}
        rows.Add(new("malformed id", "GET", registration, "api/registrations/..%2F..%2Fetc", null, null, 404, NotFound));
        rows.Add(new("unknown id", "GET", registration, "api/registrations/{unknown}", null, null, 404, NotFound));

        // GET /api/worklist
        foreach (var max in new[] { "-1", "0", "abc", "501", "1e3", "%20", "1&max=2" })
        {
            rows.Add(new($"max={max}", "GET", worklist, $"api/worklist?max={max}", null, null, 400, Validation, "max"));
        }
        foreach (var reason in new[] { "Bogus", "0", "CardNotReceived,CardUnreadable" })
        {
            rows.Add(new($"reason={reason}", "GET", worklist, $"api/worklist?reason={reason}", null, null, 400, Validation, "reason"));
        }

        // POST /api/registrations/{id}/resolution
        void Resolve(string name, string? contentType, byte[]? body, int status, string type, string? field = null, string path = "api/registrations/{active}/resolution", long? length = null) =>
            rows.Add(new(name, "POST", resolution, path, contentType, body, status, type, field, null, null, length));
        Resolve("a number for the action", Json, Text("{\"action\":0}"), 400, Malformed, "action");
        Resolve("a number in a string for the action", Json, Text("{\"action\":\"1\"}"), 400, Validation, "action");
        Resolve("two actions", Json, Text("{\"action\":\"Continue, Close\"}"), 400, Validation, "action");
        Resolve("no action", Json, Text("{}"), 400, Validation, "action");
        Resolve("NUL in the note", Json, Text("{\"action\":\"Continue\",\"note\":\"ok\\u0000\"}"), 400, Validation, "note");
        Resolve("right-to-left override in the note", Json, Text("{\"action\":\"Continue\",\"note\":\"\\u202Eok\"}"), 400, Validation, "note");
        Resolve("a 501-character note", Json, Text($"{{\"action\":\"Continue\",\"note\":\"{new string('n', 501)}\"}}"), 400, Validation, "note");
        Resolve("a path for the work item", Json, Text("{\"action\":\"Continue\",\"workItemId\":\"../../x\"}"), 400, Validation, "workItemId");
        Resolve("text/plain", "text/plain", Text("{\"action\":\"Continue\"}"), 415, UnsupportedMediaType);
        Resolve("40 MB declared", Json, null, 413, PayloadTooLarge, length: FortyMegabytes);
        Resolve("unknown registration", Json, Text("{\"action\":\"Continue\"}"), 404, NotFound, path: "api/registrations/{unknown}/resolution");

        // PATCH /api/registrations/{id}/appointment: the body is the appointment object (the visit a month after the run).
        var inAMonth = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd'T'09:00:00'Z'", CultureInfo.InvariantCulture);
        const string appointment = "registrations/{id}/appointment";
        void Move(string name, string? contentType, byte[]? body, int status, string type, string? field = null, string path = "api/registrations/{active}/appointment", long? length = null) =>
            rows.Add(new(name, "PATCH", appointment, path, contentType, body, status, type, field, null, null, length));
        Move("no time", Json, Text("{\"timeZone\":\"America/Chicago\",\"serviceCodes\":[\"99213\"],\"renderingNpi\":\"1234567893\",\"facilityId\":\"F1\"}"), 400, Validation, "scheduledAt");
        Move("a bad service code", Json, Text($"{{\"scheduledAt\":\"{inAMonth}\",\"timeZone\":\"America/Chicago\",\"serviceCodes\":[\"ABC\"],\"renderingNpi\":\"1234567893\",\"facilityId\":\"F1\"}}"), 400, Validation, "serviceCodes[0]");
        Move("a number for the time", Json, Text("{\"scheduledAt\":5}"), 400, Malformed, "scheduledAt");
        Move("text/plain", "text/plain", Text("{}"), 415, UnsupportedMediaType);
        Move("40 MB declared", Json, null, 413, PayloadTooLarge, length: FortyMegabytes);
        Move("unknown registration", Json, Text($"{{\"scheduledAt\":\"{inAMonth}\",\"timeZone\":\"America/Chicago\",\"serviceCodes\":[\"99213\"],\"renderingNpi\":\"1234567893\",\"facilityId\":\"F1\"}}"), 404, NotFound, path: "api/registrations/{unknown}/appointment");

        // POST /api/registrations/{id}/cancellation
        const string cancellation = "registrations/{id}/cancellation";
        void Cancel(string name, string? contentType, byte[]? body, int status, string type, string? field = null, string path = "api/registrations/{active}/cancellation", long? length = null) =>
            rows.Add(new(name, "POST", cancellation, path, contentType, body, status, type, field, null, null, length));
        Cancel("no reason", Json, Text("{}"), 400, Validation, "reason");
        Cancel("a blank reason", Json, Text("{\"reason\":\"   \"}"), 400, Validation, "reason");
        Cancel("NUL in the reason", Json, Text("{\"reason\":\"moved\\u0000\"}"), 400, Validation, "reason");
        Cancel("a 501-character reason", Json, Text($"{{\"reason\":\"{new string('r', 501)}\"}}"), 400, Validation, "reason");
        Cancel("a string for the confirmation", Json, Text("{\"reason\":\"moved\",\"confirmation\":\"yes\"}"), 400, Malformed, "confirmation");
        Cancel("text/plain", "text/plain", Text("{\"reason\":\"moved\"}"), 415, UnsupportedMediaType);
        Cancel("40 MB declared", Json, null, 413, PayloadTooLarge, length: FortyMegabytes);
        Cancel("unknown registration", Json, Text("{\"reason\":\"moved\"}"), 404, NotFound, path: "api/registrations/{unknown}/cancellation");

        // POST /api/registrations/{id}/card-upload-url
        void Upload(string name, string? contentType, byte[]? body, int status, string type, string? field = null, string path = "api/registrations/{active}/card-upload-url", long? length = null, bool chunked = false) =>
            rows.Add(new(name, "POST", uploadUrl, path, contentType, body, status, type, field, null, null, length, chunked));
        Upload("40 MB declared", Json, null, 413, PayloadTooLarge, length: FortyMegabytes);
        Upload("40 MB chunked", Json, null, 413, PayloadTooLarge, length: FortyMegabytes, chunked: true);
        Upload("text/plain", "text/plain", Text("{\"side\":\"front\",\"contentType\":\"image/jpeg\"}"), 415, UnsupportedMediaType);
        Upload("bad side", Json, Text("{\"side\":\"left\",\"contentType\":\"image/jpeg\"}"), 400, Validation, "side");
        Upload("HEIC", Json, Text("{\"side\":\"front\",\"contentType\":\"image/heic\"}"), 400, Validation, "contentType");
        Upload("a number for the side", Json, Text("{\"side\":1,\"contentType\":\"image/jpeg\"}"), 400, Malformed, "side");
        Upload("unknown registration", Json, Text("{\"side\":\"front\",\"contentType\":\"image/jpeg\"}"), 404, NotFound, path: "api/registrations/{unknown}/card-upload-url");
        Upload("finished registration", Json, Text("{\"side\":\"front\",\"contentType\":\"image/jpeg\"}"), 409, ClearanceFinished, path: "api/registrations/{finished}/card-upload-url");

        // GET /api/outbox
        foreach (var max in new[] { "-1", "0", "abc" })
        {
            rows.Add(new($"max={max}", "GET", outbox, $"api/outbox?max={max}", null, null, 400, Validation, "max"));
        }

        // POST and OPTIONS /api/notifications/inbound
        rows.Add(new("text/plain", "POST", inbound, "api/notifications/inbound", "text/plain", Text("[]"), 415, UnsupportedMediaType));
        rows.Add(new("2 MB declared", "POST", inbound, "api/notifications/inbound", "application/cloudevents-batch+json", null, 413, PayloadTooLarge, BodyLength: 2L * 1024 * 1024));
        rows.Add(new("not an event", "POST", inbound, "api/notifications/inbound", Json, Text("{\"not\":\"an event\"}"), 400, Validation));
        rows.Add(new("handshake from elsewhere", "OPTIONS", inbound, "api/notifications/inbound", null, null, 400, Malformed,
            Headers: new Dictionary<string, string> { ["WebHook-Request-Origin"] = "attacker.example.org" }));
        // POST /api/priorauth/notifications: a payer (or anyone) sending garbage. The secret is checked first, so an
        // unauthenticated caller never reaches the body; with the secret, the body is read as every other body.
        const string fhir = "application/fhir+json";
        var payer = new Dictionary<string, string> { [PayerSecretHeader] = PayerSecret };
        void Notify(string name, string? contentType, byte[]? body, int status, string type, string? field = null, IReadOnlyDictionary<string, string>? headers = null, long? length = null, bool chunked = false) =>
            rows.Add(new(name, "POST", priorAuth, "api/priorauth/notifications", contentType, body, status, type, field, null, headers ?? payer, length, chunked));
        Notify("no secret", fhir, Text("{}"), 401, Unauthorized, headers: new Dictionary<string, string>());
        Notify("wrong secret", fhir, Text("{}"), 401, Unauthorized, headers: new Dictionary<string, string> { [PayerSecretHeader] = "not-the-secret" });
        Notify("the secret in another header", fhir, Text("{}"), 401, Unauthorized, headers: new Dictionary<string, string> { ["X-Notification-Token"] = PayerSecret });
        Notify("no content type", null, Text("{}"), 415, UnsupportedMediaType);
        Notify("text/plain", "text/plain", Text("{}"), 415, UnsupportedMediaType);
        Notify("FHIR XML", "application/fhir+xml", Text("<Bundle xmlns=\"http://hl7.org/fhir\"/>"), 415, UnsupportedMediaType);
        Notify("JSON in UTF-16", "application/fhir+json; charset=utf-16", Text("{}"), 415, UnsupportedMediaType);
        Notify("2 MB declared", fhir, null, 413, PayloadTooLarge, length: 2L * 1024 * 1024);
        Notify("40 MB chunked", fhir, null, 413, PayloadTooLarge, length: FortyMegabytes, chunked: true);
        Notify("empty body", fhir, [], 400, Validation, "body");
        Notify("not JSON", fhir, Text("{\"resourceType\": \"Bundle\""), 400, Validation, "body");
        Notify("binary", fhir, [0xFF, 0xFE, 0x00, 0x01, 0x80], 400, Validation, "body");
        Notify("a JSON array", Json, Text("[]"), 400, Validation, "body");
        Notify("a Patient", fhir, Text("{\"resourceType\":\"Patient\"}"), 400, Validation, "body");
        Notify("a Bundle without the subscription status", fhir, Text("{\"resourceType\":\"Bundle\",\"type\":\"history\",\"entry\":[]}"), 400, Validation, "entry[0]");
        // The console (the hosts sign the request in: the LocalHost with the API key, the Functions test with the platform's principal header)
        var specialist = Specialist();
        void Console(string name, string method, string route, string path, byte[]? body, int status, string type, string? field = null, string? contentType = Json) =>
            rows.Add(new(name, method, route, path, body is null && method == "GET" ? null : contentType, body, status, type, field, null, specialist));
        foreach (var (query, field) in new[] { ("sort=Bogus", "sort"), ("pageSize=0", "pageSize"), ("page=abc", "page"), ("reason=Bogus", "reason"), ("from=12/01/2026", "from"),
                     ("from=2026-12-02&to=2026-12-01", "to"), ("facility=..%2F..", "facility"), ("payer=A~B*C", "payer"), ("search=%E2%80%AEx", "search") })
        {
            Console(query, "GET", "console/worklist", "api/console/worklist?" + query, null, 400, Validation, field);
        }
        Console("unknown registration", "GET", "console/registrations/{id}", "api/console/registrations/{unknown}", null, 404, NotFound);
        Console("malformed id", "GET", "console/registrations/{id}", "api/console/registrations/..%2F..%2Fetc", null, 404, NotFound);
        Console("no action", "POST", "console/registrations/{id}/resolution", "api/console/registrations/{active}/resolution", Text("{}"), 400, Validation, "action");
        Console("X12 segment in the member id", "POST", "console/registrations/{id}/correction", "api/console/registrations/{active}/correction", Text("{\"memberId\":\"1000~NM1*IL*1\"}"), 400, Validation, "memberId");
        Console("nothing to correct", "POST", "console/registrations/{id}/correction", "api/console/registrations/{active}/correction", Text("{}"), 400, Validation, "memberId");
        Console("birth date in the future", "POST", "console/registrations/{id}/correction", "api/console/registrations/{active}/correction", Text("{\"birthDate\":\"2999-01-01\"}"), 400, Validation, "birthDate");
        Console("a number for the member id", "POST", "console/registrations/{id}/correction", "api/console/registrations/{active}/correction", Text("{\"memberId\":5}"), 400, Malformed, "memberId");
        Console("text/plain correction", "POST", "console/registrations/{id}/correction", "api/console/registrations/{active}/correction", Text("{}"), 415, UnsupportedMediaType, contentType: "text/plain");
        Console("bad side", "POST", "console/registrations/{id}/card-upload-url", "api/console/registrations/{active}/card-upload-url", Text("{\"side\":\"left\",\"contentType\":\"image/jpeg\"}"), 400, Validation, "side");
        Console("unknown registration", "POST", "console/registrations/{id}/patient-link", "api/console/registrations/{unknown}/patient-link", null, 404, NotFound, contentType: null);
        Console("unknown registration", "DELETE", "console/registrations/{id}/patient-link", "api/console/registrations/{unknown}/patient-link", null, 404, NotFound, contentType: null);
        Console("unknown form", "POST", "console/registrations/{id}/forms/{kind}/paper-signature", "api/console/registrations/{active}/forms/Tattoo/paper-signature", Text("{}"), 400, Validation, "kind");
        Console("scan not base64", "POST", "console/registrations/{id}/forms/{kind}/paper-signature", "api/console/registrations/{active}/forms/ConsentToTreat/paper-signature", Text("{\"scanBase64\":\"%%%\"}"), 400, Validation, "scanBase64");
        Console("form kind as a number", "POST", "console/registrations/{id}/forms/{kind}/withdrawal", "api/console/registrations/{active}/forms/2/withdrawal", Text("{}"), 400, Validation, "kind");
        Console("unknown registration", "GET", "console/registrations/{id}/forms/{kind}/document", "api/console/registrations/{unknown}/forms/ConsentToTreat/document", null, 404, NotFound);
        Console("unknown registration", "GET", "console/registrations/{id}/good-faith-estimate", "api/console/registrations/{unknown}/good-faith-estimate", null, 404, NotFound);
        Console("no Good Faith Estimate (insured, running)", "GET", "console/registrations/{id}/good-faith-estimate", "api/console/registrations/{active}/good-faith-estimate", null, 404, NotFound);
        foreach (var format in new[] { "docx", "0", "pdf&format=html", "%00" })
        {
            Console($"format={format}", "GET", "console/registrations/{id}/good-faith-estimate", $"api/console/registrations/{{active}}/good-faith-estimate?format={format}", null, 400, Validation, "format");
        }

        // Patient questions in the console: the open list and a specialist's reply (the body is checked before the registration is read).
        Console("max=0", "GET", "console/questions", "api/console/questions?max=0", null, 400, Validation, "max");
        Console("max=abc", "GET", "console/questions", "api/console/questions?max=abc", null, 400, Validation, "max");
        const string reply = "console/registrations/{id}/questions/reply";
        const string replyPath = "api/console/registrations/{active}/questions/reply";
        Console("no text", "POST", reply, replyPath, Text("{\"requestId\":\"r-00000001\"}"), 400, Validation, "text");
        Console("a blank text", "POST", reply, replyPath, Text("{\"requestId\":\"r-00000001\",\"text\":\"   \"}"), 400, Validation, "text");
        Console("no request id", "POST", reply, replyPath, Text("{\"text\":\"Yes.\"}"), 400, Validation, "requestId");
        Console("a path for the request id", "POST", reply, replyPath, Text("{\"requestId\":\"../../etc/passwd\",\"text\":\"Yes.\"}"), 400, Validation, "requestId");
        Console("a 1001-character text", "POST", reply, replyPath, Text($"{{\"requestId\":\"r-00000001\",\"text\":\"{new string('t', 1001)}\"}}"), 400, Validation, "text");
        Console("NUL in the text", "POST", reply, replyPath, Text("{\"requestId\":\"r-00000001\",\"text\":\"Yes\\u0000\"}"), 400, Validation, "text");
        Console("right-to-left override in the text", "POST", reply, replyPath, Text("{\"requestId\":\"r-00000001\",\"text\":\"\\u202EYes\"}"), 400, Validation, "text");
        Console("a number for the text", "POST", reply, replyPath, Text("{\"requestId\":\"r-00000001\",\"text\":5}"), 400, Malformed, "text");
        Console("text/plain reply", "POST", reply, replyPath, Text("{}"), 415, UnsupportedMediaType, contentType: "text/plain");
        Console("unknown registration", "POST", reply, "api/console/registrations/{unknown}/questions/reply", Text("{\"requestId\":\"r-00000001\",\"text\":\"Yes.\"}"), 404, NotFound);

        // The patient page: every token that opens nothing is the same 410; a body is read only for a live link.
        var forged = "AAAAAAAAAAAAAAAAAAAAAA";
        rows.Add(new("forged token", "GET", "portal/{token}", "api/portal/" + forged, null, null, 410, LinkExpired));
        rows.Add(new("malformed token", "GET", "portal/{token}", "api/portal/..%2F..%2Fetc", null, null, 410, LinkExpired));
        rows.Add(new("forged token", "POST", "portal/{token}/card-upload-url", $"api/portal/{forged}/card-upload-url", Json, Text("{\"side\":\"front\",\"contentType\":\"image/jpeg\"}"), 410, LinkExpired));
        rows.Add(new("forged token", "PUT", "portal/{token}/contact", $"api/portal/{forged}/contact", Json, Text("{\"language\":\"es\"}"), 410, LinkExpired));
        rows.Add(new("forged token", "GET", "portal/{token}/forms", $"api/portal/{forged}/forms", null, null, 410, LinkExpired));
        rows.Add(new("forged token", "POST", "portal/{token}/forms/{kind}/signature", $"api/portal/{forged}/forms/ConsentToTreat/signature", Json, Text("{\"requestId\":\"r-00000001\"}"), 410, LinkExpired));
        rows.Add(new("forged token", "POST", "portal/{token}/forms/{kind}/withdrawal", $"api/portal/{forged}/forms/ConsentToTreat/withdrawal", Json, Text("{}"), 410, LinkExpired));
        rows.Add(new("forged token", "GET", "portal/{token}/forms/{kind}/document", $"api/portal/{forged}/forms/ConsentToTreat/document", null, null, 410, LinkExpired));
        rows.Add(new("forged token", "GET", "portal/{token}/questions", $"api/portal/{forged}/questions", null, null, 410, LinkExpired));
        rows.Add(new("forged token", "POST", "portal/{token}/questions", $"api/portal/{forged}/questions", Json, Text("{\"requestId\":\"r-00000001\",\"text\":\"Where do I park?\"}"), 410, LinkExpired));
        rows.Add(new("malformed token", "POST", "portal/{token}/questions", "api/portal/..%2F..%2Fetc/questions", Json, Text("{}"), 410, LinkExpired));
        rows.Add(new("forged token", "GET", "portal/{token}/good-faith-estimate", $"api/portal/{forged}/good-faith-estimate?format=html", null, null, 410, LinkExpired));
        return rows;
    }

    public const string LinkExpired = TypeBase + "link-expired";

    /// <summary>
    /// The principal header App Service authentication sets for a signed-in specialist (the LocalHost ignores it: there
    /// the API key signs the request in).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Specialist() => new Dictionary<string, string>
    {
        ["x-ms-client-principal"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            "{\"auth_typ\":\"aad\",\"name_typ\":\"name\",\"role_typ\":\"roles\",\"claims\":[{\"typ\":\"name\",\"val\":\"Table Specialist\"},{\"typ\":\"roles\",\"val\":\"Specialist\"}]}")),
    };
}

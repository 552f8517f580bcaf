using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;
using PatientAccess.X12.ServiceReview;

namespace PatientAccess.PayerSandbox;

/// <summary>
/// Builds the sandbox web app: <c>POST /core/realtime</c> (CAQH CORE connectivity, multipart/form-data, X12 270 in,
/// 271 or 999 out), <c>POST /eligibility/v3</c> (JSON), <c>GET /health</c>, <c>GET /sandbox/roster</c>,
/// <c>GET /sandbox/calls?prefix=</c> (inquiries per trace number), <c>POST /sandbox/reset</c>. Tests call <see cref="Create"/> with Sandbox:Url http://127.0.0.1:0.
/// </summary>
public static class SandboxApp
{
    public const string Payload270 = "X12_270_Request_005010X279A1";
    public const string Payload271 = "X12_271_Response_005010X279A1";
    public const string Payload999 = "X12_999_Response_005010X231A1";
    public const string CoreRuleVersion = "2.2.0";
    public const string Payload278 = "X12_278_Request_005010X217E1_2";
    public const string Payload278Response = "X12_278_Response_005010X217E1_2";

    public static WebApplication Create(string[] args, IDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        var options = builder.Configuration.GetSection(SandboxOptions.Section).Get<SandboxOptions>() ?? new SandboxOptions();
        var url = new Uri(options.Url);
        if (!url.IsLoopback) throw new InvalidOperationException("The payer sandbox listens on loopback only.");
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, url.Port));
        builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.Services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SandboxOptions>>().Value;
            var path = Path.IsPathRooted(o.RosterPath) ? o.RosterPath : Path.Combine(AppContext.BaseDirectory, o.RosterPath);
            return Roster.Load(path);
        });
        builder.Services.AddSingleton(sp => new PayerSimulator(sp.GetRequiredService<Roster>(), sp.GetRequiredService<IOptions<SandboxOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<AuthorizationSimulator>();
        builder.Services.AddSingleton<SubscriptionRegistry>();
        builder.Services.AddSingleton<ServiceReviewResponder>();
        builder.Services.AddHttpClient(nameof(RestHookNotifier), c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddHostedService<RestHookNotifier>();
        builder.Services.ConfigureHttpJsonOptions(j =>
        {
            j.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });

        var app = builder.Build();
        _ = app.Services.GetRequiredService<PayerSimulator>();

        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/sandbox/roster", (PayerSimulator sim) => Results.Ok(sim.Roster.Members.Select(m => new
        {
            m.Scenario,
            m.PayerId,
            m.MemberId,
            m.FirstName,
            m.LastName,
            DateOfBirth = m.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Dependents = m.Dependents.Select(d => new { d.FirstName, d.LastName, DateOfBirth = d.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.MemberId }),
            Hits = sim.Hits(m.PayerId, m.MemberId),
        })));
        app.MapGet("/sandbox/calls", (PayerSimulator sim, string? prefix) =>
        {
            var calls = sim.Calls(prefix);
            return Results.Ok(new
            {
                Total = calls.Values.Sum(),
                Calls = calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new { Trace = c.Key, Count = c.Value }),
            });
        });
        app.MapPost("/sandbox/reset", (PayerSimulator sim, AuthorizationSimulator auth) =>
        {
            sim.Reset();
            auth.Reset();
            return Results.NoContent();
        });
        app.MapPost("/core/realtime", CoreRealtimeAsync);
        app.MapPost("/eligibility/v3", JsonEligibilityAsync);
        PasSandbox.Map(app);
        return app;
    }

    /// <summary>The base address the app listens on, once started (resolves port 0).</summary>
    public static Uri BaseAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
    }

    private static async Task<IResult> CoreRealtimeAsync(HttpContext http, PayerSimulator simulator, ServiceReviewResponder reviews, IOptions<SandboxOptions> options, TimeProvider time)
    {
        var o = options.Value;
        if (!Authorized(http.Request, o)) return Unauthorized();
        if (!http.Request.HasFormContentType) return EnvelopeError("PayloadTypeIllegal", "The request must be multipart/form-data.", o, null, time);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        string Field(string name) => form[name].ToString();
        var senderId = Field("SenderID");
        if (Field("PayloadType") == Payload278)
        {
            return Review278(Field("Payload"), senderId, reviews, o, time);
        }
        if (Field("PayloadType") != Payload270) return EnvelopeError("PayloadTypeIllegal", "PayloadType must be " + Payload270 + ".", o, senderId, time);
        if (Field("ProcessingMode") != "RealTime") return EnvelopeError("ProcessingModeIllegal", "ProcessingMode must be RealTime.", o, senderId, time);
        if (Field("CORERuleVersion") != CoreRuleVersion) return EnvelopeError("VersionMismatch", "CORERuleVersion must be " + CoreRuleVersion + ".", o, senderId, time);
        if (string.IsNullOrEmpty(Field("PayloadID"))) return EnvelopeError("PayloadIDRequired", "PayloadID is required.", o, senderId, time);
        if (string.IsNullOrEmpty(senderId) || string.IsNullOrEmpty(Field("ReceiverID"))) return EnvelopeError("SenderIDRequired", "SenderID and ReceiverID are required.", o, senderId, time);

        var payload = Field("Payload");
        if (string.IsNullOrEmpty(payload) && form.Files.GetFile("Payload") is { } file)
        {
            using var reader = new StreamReader(file.OpenReadStream());
            payload = await reader.ReadToEndAsync(http.RequestAborted);
        }

        EligibilityInquiry inquiry;
        string interchangeControl;
        try
        {
            var transaction = X12Reader.ParseSingleTransaction(Encoding.UTF8.GetBytes(payload));
            interchangeControl = transaction.Group.ControlNumber;
            var model = EligibilityReader.Read(transaction);
            if (!model.IsInquiry) throw new X12ParseException("the payload is not a 270");
            inquiry = EligibilityInquiry.FromTransaction(model);
        }
        catch (Exception e) when (e is X12ParseException or ArgumentException)
        {
            return CoreReply(Payload999, Reject999(senderId, o, time), o, senderId, time);
        }

        var answer = simulator.Answer(inquiry);
        if (answer.Delay > TimeSpan.Zero) await Task.Delay(answer.Delay, time, http.RequestAborted);
        if (answer.HttpStatus is { } status) return Results.StatusCode(status);
        var now = time.GetUtcNow();
        var x12 = EligibilityWriter.WriteInterchange(
            answer.Response!,
            new X12InterchangeEnvelope { SenderId = IsaId(o.ClearinghouseId), ReceiverId = IsaId(senderId), Timestamp = now, ControlNumber = ControlNumber() },
            groupControlNumber: string.IsNullOrEmpty(interchangeControl) ? "1" : interchangeControl,
            afterSegment: "\n");
        return CoreReply(Payload271, x12, o, senderId, time);
    }

    /// <summary>A 278 request answered by the scripted payer (a 999 when it cannot be read).</summary>
    private static MultipartResult Review278(string payload, string senderId, ServiceReviewResponder reviews, SandboxOptions o, TimeProvider time)
    {
        ServiceReview278 request;
        try
        {
            request = ServiceReviewReader.Read(Encoding.UTF8.GetBytes(payload));
            if (!request.IsRequest) throw new X12ParseException("the payload is not a 278 request");
        }
        catch (Exception e) when (e is X12ParseException or ArgumentException)
        {
            return CoreReply(Payload999, Reject999(senderId, o, time), o, senderId, time);
        }
        var x12 = ServiceReviewWriter.WriteInterchange(
            reviews.Answer(request),
            new X12InterchangeEnvelope { SenderId = IsaId(o.ClearinghouseId), ReceiverId = IsaId(senderId), Timestamp = time.GetUtcNow(), ControlNumber = ControlNumber() },
            groupControlNumber: "1",
            afterSegment: "\n");
        return CoreReply(Payload278Response, x12, o, senderId, time);
    }

    private static async Task<IResult> JsonEligibilityAsync(HttpContext http, PayerSimulator simulator, IOptions<SandboxOptions> options, TimeProvider time)
    {
        if (!Authorized(http.Request, options.Value)) return Unauthorized();
        JsonEligibilityRequest? request;
        try
        {
            request = await http.Request.ReadFromJsonAsync<JsonEligibilityRequest>(Roster.JsonOptions, http.RequestAborted);
        }
        catch (System.Text.Json.JsonException)
        {
            request = null;
        }
        if (request is null || string.IsNullOrWhiteSpace(request.TradingPartnerServiceId) || request.Subscriber is null || string.IsNullOrWhiteSpace(request.ControlNumber))
        {
            return Results.Json(new JsonEligibilityResponse
            {
                Errors = [new JsonError(null, "33", "Input Errors", "Please Correct and Resubmit", "request", "controlNumber, tradingPartnerServiceId and subscriber are required.")],
            }, Roster.JsonOptions, statusCode: StatusCodes.Status400BadRequest);
        }
        var answer = simulator.Answer(JsonEligibilityMapper.ToInquiry(request, time.GetUtcNow()));
        if (answer.Delay > TimeSpan.Zero) await Task.Delay(answer.Delay, time, http.RequestAborted);
        if (answer.HttpStatus is { } status) return Results.StatusCode(status);
        return Results.Json(JsonEligibilityMapper.FromTransaction(answer.Response!, request.ControlNumber), Roster.JsonOptions);
    }

    private static bool Authorized(HttpRequest request, SandboxOptions o)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)) return false;
        if (string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return !string.IsNullOrEmpty(o.BearerToken) && FixedTimeEquals(header.Parameter, o.BearerToken);
        }
        if (!string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null) return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && FixedTimeEquals(decoded[..colon], o.Username) && FixedTimeEquals(decoded[(colon + 1)..], o.Password);
    }

    private static bool FixedTimeEquals(string? a, string b) =>
        a is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static IResult Unauthorized() => Results.Text("Authentication required.", statusCode: StatusCodes.Status401Unauthorized);

    private static MultipartResult EnvelopeError(string code, string message, SandboxOptions o, string? receiverId, TimeProvider time) =>
        new MultipartResult(StatusCodes.Status400BadRequest, Envelope("CoreEnvelopeError", string.Empty, o, receiverId, time, code, message));

    private static MultipartResult CoreReply(string payloadType, string payload, SandboxOptions o, string? receiverId, TimeProvider time) =>
        new(StatusCodes.Status200OK, Envelope(payloadType, payload, o, receiverId, time, "Success", "None"));

    private static List<KeyValuePair<string, string>> Envelope(string payloadType, string payload, SandboxOptions o, string? receiverId, TimeProvider time, string errorCode, string errorMessage) =>
    [
        new("PayloadType", payloadType),
        new("ProcessingMode", "RealTime"),
        new("PayloadID", Guid.NewGuid().ToString()),
        new("TimeStamp", time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        new("SenderID", o.ClearinghouseId),
        new("ReceiverID", receiverId ?? string.Empty),
        new("CORERuleVersion", CoreRuleVersion),
        new("Payload", payload),
        new("ErrorCode", errorCode),
        new("ErrorMessage", errorMessage),
    ];

    /// <summary>ISA06/ISA08 hold 15 characters.</summary>
    private static string IsaId(string id) => id.Length > 15 ? id[..15] : id;

    private static string ControlNumber() => RandomNumberGenerator.GetInt32(1, 999_999_999).ToString("D9", CultureInfo.InvariantCulture);

    /// <summary>A 999 that rejects the functional group: the 270 could not be read.</summary>
    private static string Reject999(string receiverId, SandboxOptions o, TimeProvider time)
    {
        var now = time.GetUtcNow();
        receiverId = IsaId(string.IsNullOrEmpty(receiverId) ? "UNKNOWN" : receiverId);
        var writer = new X12Writer(afterSegment: "\n");
        writer.BeginInterchange(new X12InterchangeEnvelope { SenderId = IsaId(o.ClearinghouseId), ReceiverId = receiverId, Timestamp = now, ControlNumber = ControlNumber() });
        writer.BeginGroup(new X12GroupEnvelope { FunctionalIdentifierCode = "FA", SenderCode = o.ClearinghouseId, ReceiverCode = receiverId, Timestamp = now, ControlNumber = "1", Version = "005010X231A1" });
        writer.BeginTransaction("999", "0001", "005010X231A1");
        writer.Segment("AK1", "HS", "1", "005010X279A1");
        writer.Segment("AK2", "270", "0001", "005010X279A1");
        writer.Segment("IK5", "R", "5");
        writer.Segment("AK9", "R", "1", "1", "0");
        writer.EndTransaction();
        writer.EndGroup();
        writer.EndInterchange();
        return writer.ToString();
    }

    /// <summary>A CORE envelope as multipart/form-data.</summary>
    private sealed class MultipartResult(int statusCode, List<KeyValuePair<string, string>> fields) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            using var content = new MultipartFormDataContent("CORE-" + Guid.NewGuid().ToString("N"));
            foreach (var (name, value) in fields)
            {
                content.Add(new StringContent(value, Encoding.UTF8), name);
            }
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = content.Headers.ContentType!.ToString();
            await content.CopyToAsync(httpContext.Response.Body, httpContext.RequestAborted);
        }
    }
}

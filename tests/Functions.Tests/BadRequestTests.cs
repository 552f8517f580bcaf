using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PatientAccess.Api;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Tests.Common;
using PatientAccess.Workflow;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Notifications;
using PatientAccess.Workflow.PriorAuth;

namespace PatientAccess.Functions.Tests;

/// <summary>
/// Every bad request of <see cref="BadRequestTable"/> through the HTTP functions as the worker calls them (the error
/// middleware around the function, the result executed on a real HttpContext), over the real stores: a 4xx problem each,
/// and each one informational log line without an exception.
/// </summary>
[Collection(FunctionsHostGroup.Name)]
public sealed class BadRequestTests(FunctionsHostFixture fixture)
{
    public static TheoryData<string> Rows => new(BadRequestTable.Rows.Select(r => r.ToString()));

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Function_BadRequest_Answers4xxProblemAndLogsOneInformationLine(string row)
    {
        var bad = BadRequestTable.Rows.Single(r => r.ToString() == row);
        var finished = await FinishedRegistrationAsync();
        var path = bad.PathFor(RegistrationId.New(Guid.NewGuid()).Value, ActiveRegistration.Value, finished.Value);
        var collector = new FakeLogCollector();
        var context = NewContext(bad, path);

        var answer = await HttpHarness.InvokeAsync(fixture.Services, context, FunctionName(bad.Route, bad.Method),
            () => Call(bad, context.Request, RouteId(path)), new FakeLogger<ProblemDetailsMiddleware>(collector));

        Assert.True(bad.Status == answer.Status, $"expected {bad.Status}, got {answer.Status}: {answer.Body}");
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        var problem = answer.Json;
        Assert.Equal(bad.ProblemType, problem.GetProperty("type").GetString());
        Assert.Equal(bad.Status, problem.GetProperty("status").GetInt32());
        if (bad.Field is { } field) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors do not name {field}: {answer.Body}");
        if (bad.DetailContains is { } words) Assert.Contains(words, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var log = Assert.Single(collector.GetSnapshot());
        Assert.Equal(LogLevel.Information, log.Level);
        Assert.Null(log.Exception);
        Assert.Contains(bad.ProblemType, log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_CoversEveryRouteOfTheApi() =>
        Assert.Equal(ApiRoutes.All.Where(r => r.Template is not (ApiRoutes.OpenApi or ApiRoutes.ConsoleMe)).Select(r => $"{r.Method} {r.Template}").Order(), BadRequestTable.Rows.Select(r => $"{r.Method.ToLowerInvariant()} {r.Route}").Distinct().Order());

    private static readonly RegistrationId ActiveRegistration = RegistrationId.New(Guid.NewGuid());

    private RegistrationId? _finished;

    /// <summary>A registration whose clearance verified eligibility, written straight to the store.</summary>
    private async Task<RegistrationId> FinishedRegistrationAsync()
    {
        if (_finished is { } done) return done;
        var id = RegistrationId.New(Guid.NewGuid());
        var now = DateTimeOffset.UtcNow;
        var form = JsonSerializer.Deserialize<RegistrationForm>(BadRequestTable.Registration(), ApiJson.Options)!;
        var registration = form.Validate(id, now);
        registration.Advance(ClearanceStage.EligibilityVerified, "eligibility-1", "active coverage", null, now);
        Assert.True(await fixture.Services.GetRequiredService<IRegistrationStore>().TryCreateAsync(registration, CancellationToken.None));
        _finished = id;
        return id;
    }

    private static string FunctionName(string route, string method) => (route, method) switch
    {
        (ApiRoutes.Registrations, _) => RegistrationFunctions.SubmitName,
        (ApiRoutes.Registration, _) => RegistrationFunctions.GetStatusName,
        (ApiRoutes.Worklist, _) => RegistrationFunctions.ListWorklistName,
        (ApiRoutes.Resolution, _) => RegistrationFunctions.ResolveName,
        (ApiRoutes.Appointment, _) => RegistrationFunctions.RescheduleName,
        (ApiRoutes.Cancellation, _) => RegistrationFunctions.CancelName,
        (ApiRoutes.CardUploadUrl, _) => CardFunctions.UploadUrlName,
        (ApiRoutes.Outbox, _) => ReminderFunctions.ListOutboxName,
        (ApiRoutes.InboundMessages, "OPTIONS") => InboundMessageFunctions.HandshakeName,
        (ApiRoutes.PriorAuthNotifications, _) => PriorAuthFunctions.ReceiveName,
        (ApiRoutes.InboundMessages, _) => InboundMessageFunctions.ReceiveName,
        (ApiRoutes.ConsoleWorklist, _) => ConsoleFunctions.WorklistName,
        (ApiRoutes.ConsoleRegistration, _) => ConsoleFunctions.RegistrationName,
        (ApiRoutes.ConsoleResolution, _) => ConsoleFunctions.ResolveName,
        (ApiRoutes.ConsoleCorrection, _) => ConsoleFunctions.CorrectName,
        (ApiRoutes.ConsoleCardUploadUrl, _) => ConsoleFunctions.UploadUrlName,
        (ApiRoutes.ConsolePatientLink, "DELETE") => ConsoleFunctions.RevokeLinksName,
        (ApiRoutes.ConsolePatientLink, _) => ConsoleFunctions.IssueLinkName,
        (ApiRoutes.PortalForms, _) => FormFunctions.ListName,
        (ApiRoutes.PortalFormSignature, _) => FormFunctions.SignName,
        (ApiRoutes.PortalFormWithdrawal, _) => FormFunctions.WithdrawName,
        (ApiRoutes.PortalFormDocument, _) => FormFunctions.DocumentName,
        (ApiRoutes.ConsolePaperSignature, _) => FormFunctions.PaperSignatureName,
        (ApiRoutes.ConsoleFormWithdrawal, _) => FormFunctions.ConsoleWithdrawalName,
        (ApiRoutes.ConsoleFormDocument, _) => FormFunctions.ConsoleDocumentName,
        (ApiRoutes.PortalGoodFaithEstimate, _) => EstimateFunctions.PortalName,
        (ApiRoutes.ConsoleGoodFaithEstimate, _) => EstimateFunctions.ConsoleName,
        (ApiRoutes.PortalQuestions, "GET") => QuestionFunctions.PortalListName,
        (ApiRoutes.PortalQuestions, _) => QuestionFunctions.PortalAskName,
        (ApiRoutes.ConsoleQuestions, _) => QuestionFunctions.ConsoleListName,
        (ApiRoutes.ConsoleQuestionReply, _) => QuestionFunctions.ConsoleReplyName,
        (ApiRoutes.PortalView, _) => PortalFunctions.ViewName,
        (ApiRoutes.PortalCardUploadUrl, _) => PortalFunctions.UploadUrlName,
        _ => PortalFunctions.ContactName,
    };

    private Task<IResult> Call(BadRequest bad, HttpRequest request, string id)
    {
        var services = fixture.Services;
        return (bad.Route, bad.Method) switch
        {
            (ApiRoutes.Registrations, _) => fixture.Functions.SubmitAsync(request, fixture.Client, CancellationToken.None),
            (ApiRoutes.Registration, _) => fixture.Functions.GetStatusAsync(request, id, fixture.Client, CancellationToken.None),
            (ApiRoutes.Worklist, _) => fixture.Functions.ListWorklistAsync(request, CancellationToken.None),
            (ApiRoutes.Resolution, _) => fixture.Functions.ResolveAsync(request, id, fixture.Client, CancellationToken.None),
            (ApiRoutes.Appointment, _) => fixture.Functions.RescheduleAsync(request, id, fixture.Client, CancellationToken.None),
            (ApiRoutes.Cancellation, _) => fixture.Functions.CancelAsync(request, id, fixture.Client, CancellationToken.None),
            (ApiRoutes.CardUploadUrl, _) => new CardFunctions(services.GetRequiredService<CardIntakeOperations>()).CreateUploadUrlAsync(request, id, fixture.Client, CancellationToken.None),
            (ApiRoutes.Outbox, _) => ActivatorUtilities.CreateInstance<ReminderFunctions>(services).ListOutboxAsync(request, CancellationToken.None),
            (ApiRoutes.InboundMessages, "OPTIONS") => Task.FromResult(InboundMessageFunctions.Handshake(request)),
            (ApiRoutes.PriorAuthNotifications, _) => new PriorAuthFunctions(services.GetRequiredService<PriorAuthNotificationOperations>()).ReceiveAsync(request, fixture.Client, CancellationToken.None),
            (ApiRoutes.InboundMessages, _) => new InboundMessageFunctions(services.GetRequiredService<InboundMessageOperations>()).ReceiveAsync(request, CancellationToken.None),
            (ApiRoutes.ConsoleWorklist, _) => Console.ListWorklistAsync(request, CancellationToken.None),
            (ApiRoutes.ConsoleRegistration, _) => Console.GetRegistrationAsync(request, id, CancellationToken.None),
            (ApiRoutes.ConsoleResolution, _) => Console.ResolveAsync(request, id, fixture.Client, CancellationToken.None),
            (ApiRoutes.ConsoleCorrection, _) => Console.CorrectAsync(request, id, CancellationToken.None),
            (ApiRoutes.ConsoleCardUploadUrl, _) => Console.CreateUploadUrlAsync(request, id, fixture.Client, CancellationToken.None),
            (ApiRoutes.ConsolePatientLink, "DELETE") => Console.RevokePatientLinksAsync(request, id, CancellationToken.None),
            (ApiRoutes.ConsolePatientLink, _) => Console.IssuePatientLinkAsync(request, id, CancellationToken.None),
            (ApiRoutes.PortalForms, _) => Forms.ListAsync(request, TokenOf(PathOf(request)), CancellationToken.None),
            (ApiRoutes.PortalFormSignature, _) => Forms.SignAsync(request, TokenOf(PathOf(request)), FormOf(PathOf(request)), fixture.Client, CancellationToken.None),
            (ApiRoutes.PortalFormWithdrawal, _) => Forms.WithdrawAsync(request, TokenOf(PathOf(request)), FormOf(PathOf(request)), CancellationToken.None),
            (ApiRoutes.PortalFormDocument, _) => Forms.GetDocumentAsync(request, TokenOf(PathOf(request)), FormOf(PathOf(request)), CancellationToken.None),
            (ApiRoutes.ConsolePaperSignature, _) => Forms.RecordPaperSignatureAsync(request, id, FormOf(PathOf(request)), fixture.Client, CancellationToken.None),
            (ApiRoutes.ConsoleFormWithdrawal, _) => Forms.RecordWithdrawalAsync(request, id, FormOf(PathOf(request)), CancellationToken.None),
            (ApiRoutes.ConsoleFormDocument, _) => Forms.GetConsoleDocumentAsync(request, id, FormOf(PathOf(request)), CancellationToken.None),
            (ApiRoutes.PortalGoodFaithEstimate, _) => Estimates.GetForPatientAsync(request, TokenOf(PathOf(request)), CancellationToken.None),
            (ApiRoutes.ConsoleGoodFaithEstimate, _) => Estimates.GetForSpecialistAsync(request, id, CancellationToken.None),
            (ApiRoutes.PortalQuestions, "GET") => Questions.GetForPatientAsync(request, TokenOf(PathOf(request)), CancellationToken.None),
            (ApiRoutes.PortalQuestions, _) => Questions.AskAsync(request, TokenOf(PathOf(request)), CancellationToken.None),
            (ApiRoutes.ConsoleQuestions, _) => Questions.ListOpenAsync(request, CancellationToken.None),
            (ApiRoutes.ConsoleQuestionReply, _) => Questions.ReplyAsync(request, id, CancellationToken.None),
            (ApiRoutes.PortalView, _) => Portal.GetViewAsync(request, TokenOf(PathOf(request)), CancellationToken.None),
            (ApiRoutes.PortalCardUploadUrl, _) => Portal.CreateUploadUrlAsync(request, TokenOf(PathOf(request)), fixture.Client, CancellationToken.None),
            _ => Portal.ChangeContactAsync(request, TokenOf(PathOf(request)), CancellationToken.None),
        };
    }

    private ConsoleFunctions Console => ActivatorUtilities.CreateInstance<ConsoleFunctions>(fixture.Services);

    private PortalFunctions Portal => ActivatorUtilities.CreateInstance<PortalFunctions>(fixture.Services);

    private FormFunctions Forms => ActivatorUtilities.CreateInstance<FormFunctions>(fixture.Services);

    private QuestionFunctions Questions => ActivatorUtilities.CreateInstance<QuestionFunctions>(fixture.Services);

    private EstimateFunctions Estimates => ActivatorUtilities.CreateInstance<EstimateFunctions>(fixture.Services);

    private static string PathOf(HttpRequest request) => request.Path.Value ?? string.Empty;

    /// <summary>The {kind} of a .../forms/{kind}/... path, as the Functions host binds it.</summary>
    private static string FormOf(string path)
    {
        var segments = path.Split('?')[0].Split('/');
        var forms = Array.IndexOf(segments, "forms");
        return forms >= 0 && forms + 1 < segments.Length ? Uri.UnescapeDataString(segments[forms + 1]) : string.Empty;
    }

    /// <summary>The {token} of a portal/{token}/... path, as the Functions host binds it.</summary>
    private static string TokenOf(string path)
    {
        var segments = path.TrimStart('/').Split('/');
        return segments.Length > 2 ? Uri.UnescapeDataString(segments[2]) : string.Empty;
    }

    /// <summary>The {id} of a registrations/{id}/... path, as the Functions host binds it.</summary>
    private static string RouteId(string path)
    {
        var segments = path.Split('?')[0].Split('/');
        if (segments.Length > 3 && segments[1] == "console" && segments[2] == "registrations") return Uri.UnescapeDataString(segments[3]);
        return segments.Length > 2 && segments[1] == "registrations" ? Uri.UnescapeDataString(segments[2]) : string.Empty;
    }

    private DefaultHttpContext NewContext(BadRequest bad, string path)
    {
        var context = HttpHarness.NewContext(fixture.Services, bad.Method, "/" + path, headers: bad.Headers);
        if (bad.Body is { } body)
        {
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
        }
        else if (bad.BodyLength is { } length)
        {
            context.Request.Body = new LargeBodyStream(length);
            context.Request.ContentLength = bad.Chunked ? null : length;
        }
        context.Request.ContentType = bad.ContentType;
        return context;
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PatientAccess.Api;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Functions.Tests;

/// <summary>The worker's one error mapper, with a real HttpContext and no server behind it.</summary>
public sealed class ProblemDetailsMiddlewareTests
{
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddApplicationServices().BuildServiceProvider();

    public static TheoryData<Exception, int, string> DomainFailures => new()
    {
        { new NotFoundException("Registration", "0123456789abcdef0123456789abcdef"), 404, ApiProblems.NotFound },
        { new ConcurrencyConflictException("Registration", "0123456789abcdef0123456789abcdef"), 409, ApiProblems.Conflict },
        { new TransientDependencyException("Cosmos DB", "throttled", TimeSpan.FromSeconds(2)), 503, ApiProblems.DependencyUnavailable },
        { new ValidationException([new("patient.birthDate", "is required")]), 400, ApiProblems.Validation },
        { new IdempotencyKeyReusedException(), 422, ApiProblems.IdempotencyKeyReused },
        { new WorkItemNotOpenException("wi-1"), 409, ApiProblems.WorkItemNotOpen },
        { new ClearanceFinishedException(RegistrationId.Parse("0123456789abcdef0123456789abcdef"), "Terminated", "resolutions other than close"), 409, ApiProblems.ClearanceFinished },
        { new MissingIdempotencyKeyException(), 400, ApiProblems.MissingIdempotencyKey },
    };

    [Theory]
    [MemberData(nameof(DomainFailures))]
    public async Task Invoke_DomainException_WritesItsProblem(Exception failure, int status, string type)
    {
        var answer = await InvokeThrowingAsync(failure);

        Assert.Equal(status, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        Assert.Equal(type, answer.Json.GetProperty("type").GetString());
        Assert.Equal(status, answer.Json.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Invoke_WrappedDomainException_MapsTheCause()
    {
        var answer = await InvokeThrowingAsync(new AggregateException(new NotFoundException("Registration", "x")));

        Assert.Equal(404, answer.Status);
        Assert.Equal(ApiProblems.NotFound, answer.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Invoke_UnknownException_Writes500WithoutDetails()
    {
        var answer = await InvokeThrowingAsync(new InvalidOperationException("internal detail that must not leak"));

        Assert.Equal(500, answer.Status);
        Assert.Equal(string.Empty, answer.Body);
    }

    [Fact]
    public async Task Invoke_Failure_LogsNeitherBodyNorHeaders()
    {
        var collector = new FakeLogCollector();
        var logger = new FakeLogger<ProblemDetailsMiddleware>(collector);
        var body = Samples.Json(Samples.ValidRegistration());
        var context = HttpHarness.NewContext(_services, "POST", "/api/registrations", body,
            new Dictionary<string, string> { [RegistrationEndpoints.IdempotencyKeyHeader] = "secret-key-value-7", ["X-MS-CLIENT-PRINCIPAL-NAME"] = "specialist@example.org" });

        // One mapped failure, one bug, both after the body was read.
        foreach (Exception failure in new Exception[] { new ValidationException([new("consents", "is required")]), new InvalidOperationException("boom") })
        {
            await HttpHarness.InvokeAsync(_services, context, RegistrationFunctions.SubmitName, async () =>
            {
                using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
                await reader.ReadToEndAsync();
                throw failure;
            }, logger);
        }

        var logs = collector.GetSnapshot();
        Assert.Equal(2, logs.Count);
        Assert.Contains(logs, r => r.Level == LogLevel.Information && r.Message.Contains("ValidationException", StringComparison.Ordinal));
        Assert.Contains(logs, r => r.Level == LogLevel.Error && r.Exception is InvalidOperationException);
        foreach (var record in logs)
        {
            var text = record.Message + string.Join(' ', record.StructuredState?.Select(kv => kv.Value) ?? []);
            Assert.DoesNotContain(Samples.PatientGivenName, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Samples.PatientFamilyName, text, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-key-value-7", text, StringComparison.Ordinal);
            Assert.DoesNotContain("specialist@example.org", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Invoke_NonHttpFunction_RethrowsForTheDurableRuntime()
    {
        var functionContext = new TestFunctionContext("RecordProgressActivity", "activityTrigger", _services);
        var middleware = new ProblemDetailsMiddleware(new FakeLogger<ProblemDetailsMiddleware>());

        await Assert.ThrowsAsync<TransientDependencyException>(() =>
            middleware.Invoke(functionContext, _ => throw new TransientDependencyException("Cosmos DB", "throttled")));
        Assert.False(ProblemDetailsMiddleware.IsHttpFunction(functionContext));
    }

    [Fact]
    public void IsHttpFunction_HttpTrigger_True()
    {
        Assert.True(ProblemDetailsMiddleware.IsHttpFunction(new TestFunctionContext(RegistrationFunctions.SubmitName, "httpTrigger", _services)));
    }

    [Fact]
    public async Task Invoke_Success_LeavesTheResponseAlone()
    {
        var context = HttpHarness.NewContext(_services, "GET", "/api/worklist");

        var answer = await HttpHarness.InvokeAsync(_services, context, RegistrationFunctions.ListWorklistName,
            () => Task.FromResult(Results.Ok(new { fine = true })));

        Assert.Equal(200, answer.Status);
        Assert.True(answer.Json.GetProperty("fine").GetBoolean());
    }

    private async Task<HttpAnswer> InvokeThrowingAsync(Exception failure)
    {
        var context = HttpHarness.NewContext(_services, "GET", "/api/registrations/x");
        return await HttpHarness.InvokeAsync(_services, context, RegistrationFunctions.GetStatusName, () => Task.FromException<IResult>(failure));
    }
}

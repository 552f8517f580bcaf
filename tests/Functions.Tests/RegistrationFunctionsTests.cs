using System.Text.Json;
using Microsoft.DurableTask.Client;
using PatientAccess.Api;

namespace PatientAccess.Functions.Tests;

/// <summary>
/// The HTTP functions called directly, with a real DurableTaskClient (in-process Durable host running the real
/// clearance orchestration and activities) and the real Cosmos stores on the emulator.
/// </summary>
[Collection(FunctionsHostGroup.Name)]
public sealed class RegistrationFunctionsTests(FunctionsHostFixture fixture)
{
    private static readonly TimeSpan StageTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Submit_NewRegistration_Returns202WithLocationAndClearanceReachesAwaitingCard()
    {
        var answer = await SubmitAsync(NewKey(), Samples.Json(Samples.ValidRegistration()));

        Assert.Equal(202, answer.Status);
        var id = answer.Json.GetProperty("registrationId").GetString();
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal($"/api/registrations/{id}", answer.Headers.Location.ToString());
        Assert.Equal($"/api/registrations/{id}", answer.Json.GetProperty("statusUrl").GetString());
        Assert.False(answer.Json.GetProperty("replayed").GetBoolean());

        var status = await WaitForStageAsync(id!, "AwaitingCard");
        Assert.Equal("InsuranceCard", status.GetProperty("awaiting").GetString());
        var instance = await fixture.Client.GetInstanceAsync($"clearance-{id}");
        Assert.NotNull(instance);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance.RuntimeStatus);
    }

    [Fact]
    public async Task Submit_SameKeyAndSameBody_ReturnsSameRegistrationAsReplay()
    {
        var key = NewKey();
        var body = Samples.Json(Samples.ValidRegistration());

        var first = await SubmitAsync(key, body);
        var second = await SubmitAsync(key, body);

        Assert.Equal(202, first.Status);
        Assert.Equal(202, second.Status);
        Assert.Equal(first.Json.GetProperty("registrationId").GetString(), second.Json.GetProperty("registrationId").GetString());
        Assert.True(second.Json.GetProperty("replayed").GetBoolean());
        Assert.Equal(first.Headers.Location.ToString(), second.Headers.Location.ToString());
    }

    [Fact]
    public async Task Submit_SameKeyDifferentBody_Returns422Problem()
    {
        var key = NewKey();
        var original = Samples.ValidRegistration();
        var changed = Samples.ValidRegistration();
        changed["patient"]!["givenName"] = "Somebody-Else";

        var first = await SubmitAsync(key, Samples.Json(original));
        var second = await SubmitAsync(key, Samples.Json(changed));

        Assert.Equal(202, first.Status);
        Assert.Equal(422, second.Status);
        Assert.StartsWith("application/problem+json", second.ContentType, StringComparison.Ordinal);
        Assert.Equal(ApiProblems.IdempotencyKeyReused, second.Json.GetProperty("type").GetString());
        Assert.Equal(422, second.Json.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Submit_InvalidFields_Returns400WithErrorsPerField()
    {
        var form = Samples.ValidRegistration();
        form["patient"]!["birthDate"] = "12/03/1984";
        form["appointment"]!["renderingNpi"] = "1234567890"; // bad check digit
        form.Remove("consents");

        var answer = await SubmitAsync(NewKey(), Samples.Json(form));

        Assert.Equal(400, answer.Status);
        Assert.Equal(ApiProblems.Validation, answer.Json.GetProperty("type").GetString());
        var errors = answer.Json.GetProperty("errors");
        Assert.Equal(
            ["appointment.renderingNpi", "consents", "patient.birthDate"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.All(errors.EnumerateObject(), p => Assert.NotEmpty(p.Value.EnumerateArray().Select(m => m.GetString())));
        // Messages name the field and the rule, never the value that was sent.
        Assert.DoesNotContain("12/03/1984", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WithoutIdempotencyKey_Returns400Problem()
    {
        var context = HttpHarness.NewContext(fixture.Services, "POST", "/api/registrations", Samples.Json(Samples.ValidRegistration()));
        var answer = await HttpHarness.InvokeAsync(fixture.Services, context, RegistrationFunctions.SubmitName,
            () => fixture.Functions.SubmitAsync(context.Request, fixture.Client, CancellationToken.None));

        Assert.Equal(400, answer.Status);
        Assert.Equal(ApiProblems.MissingIdempotencyKey, answer.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Submit_MalformedJson_Returns400ProblemWithoutEchoingTheBody()
    {
        var answer = await SubmitAsync(NewKey(), """{"patient": {"givenName": "Quintessa", """);

        Assert.Equal(400, answer.Status);
        Assert.Equal(ApiProblems.MalformedRequest, answer.Json.GetProperty("type").GetString());
        Assert.DoesNotContain(Samples.PatientGivenName, answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-registration-id")]
    public async Task GetStatus_UnknownId_Returns404Problem(string id)
    {
        var answer = await GetStatusAsync(id);

        Assert.Equal(404, answer.Status);
        Assert.Equal(ApiProblems.NotFound, answer.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task ListWorklist_UnknownReason_Returns400WithReasonError()
    {
        var context = HttpHarness.NewContext(fixture.Services, "GET", "/api/worklist?reason=Bogus");
        var answer = await HttpHarness.InvokeAsync(fixture.Services, context, RegistrationFunctions.ListWorklistName,
            () => fixture.Functions.ListWorklistAsync(context.Request, CancellationToken.None));

        Assert.Equal(400, answer.Status);
        Assert.True(answer.Json.GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task ListWorklist_NoFilter_Returns200JsonArray()
    {
        var context = HttpHarness.NewContext(fixture.Services, "GET", "/api/worklist?max=5");
        var answer = await HttpHarness.InvokeAsync(fixture.Services, context, RegistrationFunctions.ListWorklistName,
            () => fixture.Functions.ListWorklistAsync(context.Request, CancellationToken.None));

        Assert.Equal(200, answer.Status);
        Assert.Equal(JsonValueKind.Array, answer.Json.ValueKind);
    }

    [Fact]
    public async Task Resolve_RegistrationWithoutOpenWorkItem_Returns409Problem()
    {
        var submitted = await SubmitAsync(NewKey(), Samples.Json(Samples.ValidRegistration()));
        var id = submitted.Json.GetProperty("registrationId").GetString()!;
        await WaitForStageAsync(id, "AwaitingCard");

        var context = HttpHarness.NewContext(fixture.Services, "POST", $"/api/registrations/{id}/resolution", """{"action":"Continue"}""");
        var answer = await HttpHarness.InvokeAsync(fixture.Services, context, RegistrationFunctions.ResolveName,
            () => fixture.Functions.ResolveAsync(context.Request, id, fixture.Client, CancellationToken.None));

        Assert.Equal(409, answer.Status);
        Assert.Equal(ApiProblems.WorkItemNotOpen, answer.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Resolve_UnknownRegistration_Returns404Problem()
    {
        var id = Guid.NewGuid().ToString("N");
        var context = HttpHarness.NewContext(fixture.Services, "POST", $"/api/registrations/{id}/resolution", """{"action":"Continue"}""");
        var answer = await HttpHarness.InvokeAsync(fixture.Services, context, RegistrationFunctions.ResolveName,
            () => fixture.Functions.ResolveAsync(context.Request, id, fixture.Client, CancellationToken.None));

        Assert.Equal(404, answer.Status);
        Assert.Equal(ApiProblems.NotFound, answer.Json.GetProperty("type").GetString());
    }

    private static string NewKey() => Guid.NewGuid().ToString();

    private async Task<HttpAnswer> SubmitAsync(string idempotencyKey, string body)
    {
        var context = HttpHarness.NewContext(fixture.Services, "POST", "/api/registrations", body,
            new Dictionary<string, string> { [RegistrationEndpoints.IdempotencyKeyHeader] = idempotencyKey });
        return await HttpHarness.InvokeAsync(fixture.Services, context, RegistrationFunctions.SubmitName,
            () => fixture.Functions.SubmitAsync(context.Request, fixture.Client, CancellationToken.None));
    }

    private async Task<HttpAnswer> GetStatusAsync(string id)
    {
        var context = HttpHarness.NewContext(fixture.Services, "GET", $"/api/registrations/{id}");
        return await HttpHarness.InvokeAsync(fixture.Services, context, RegistrationFunctions.GetStatusName,
            () => fixture.Functions.GetStatusAsync(context.Request, id, fixture.Client, CancellationToken.None));
    }

    /// <summary>Polls GET registrations/{id} through the function until the stage shows up.</summary>
    private async Task<JsonElement> WaitForStageAsync(string id, string stage)
    {
        var deadline = DateTimeOffset.UtcNow + StageTimeout;
        string? last = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var answer = await GetStatusAsync(id);
            if (answer.Status == 200)
            {
                last = answer.Json.GetProperty("stage").GetString();
                if (last == stage)
                {
                    return answer.Json;
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Registration {id} did not reach {stage} within {StageTimeout}; last stage {last ?? "(none)"}.");
    }
}

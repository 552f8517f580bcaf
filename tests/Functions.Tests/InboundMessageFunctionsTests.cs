using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PatientAccess.Api;
using PatientAccess.Domain.Ports;
using PatientAccess.Integrations.Notifications;
using PatientAccess.Tests.Common;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Functions.Tests;

/// <summary>The ACS Event Grid webhook: bound with a function key on the shared route, resolvable from the worker's container.</summary>
public sealed class InboundMessageFunctionsTests
{
    [Theory]
    [InlineData(InboundMessageFunctions.ReceiveName, "post")]
    [InlineData(InboundMessageFunctions.HandshakeName, "options")]
    public void BuildMetadata_InboundFunctions_NeedTheFunctionKeyOnTheSharedRoute(string name, string method)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.FunctionsOutput, "functions.metadata")));
        var function = Assert.Single(document.RootElement.EnumerateArray(), f => f.GetProperty("name").GetString() == name);
        var trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "httpTrigger");

        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToArray());
        Assert.Equal(ApiRoutes.Prefix + "/" + ApiRoutes.InboundMessages, trigger.GetProperty("route").GetString());
        Assert.Contains(new ApiRoute(method, ApiRoutes.InboundMessages), ApiRoutes.All);
    }

    [Fact]
    public async Task Receive_SubscriptionValidation_AnswersTheCodeFromTheWorkersContainer()
    {
        using var host = WorkerHost();
        Assert.IsType<AcsInboundEventReader>(host.Services.GetRequiredService<IInboundEventReader>());
        var functions = ActivatorUtilities.CreateInstance<InboundMessageFunctions>(host.Services);
        var request = Request("""[{"id":"1","topic":"t","subject":"s","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{"validationCode":"0f3c9e4a-code"},"eventTime":"2026-11-28T19:00:00Z","dataVersion":"1"}]""");

        var result = await functions.ReceiveAsync(request, CancellationToken.None);

        var ok = Assert.IsType<Ok<ValidationAnswer>>(result);
        Assert.Equal("0f3c9e4a-code", ok.Value!.ValidationResponse);
    }

    [Fact]
    public async Task Receive_NotAnEventBody_IsAValidationError()
    {
        using var host = WorkerHost();
        var functions = ActivatorUtilities.CreateInstance<InboundMessageFunctions>(host.Services);

        await Assert.ThrowsAsync<Domain.Common.ValidationException>(() => functions.ReceiveAsync(Request("[1]"), CancellationToken.None));
    }

    /// <summary>A chunked body (no Content-Length) over 1 MB is refused once the limit is passed, not read whole first.</summary>
    [Fact]
    public async Task Receive_ChunkedBodyOverTheLimit_RefusedAfterReadingJustPastIt()
    {
        using var host = WorkerHost();
        var functions = ActivatorUtilities.CreateInstance<InboundMessageFunctions>(host.Services);
        var body = new LargeBodyStream(InboundMessageEndpoints.MaxBodyBytes * 4L);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/cloudevents-batch+json; charset=utf-8";
        context.Request.Body = body;

        var refused = await Assert.ThrowsAsync<PayloadTooLargeException>(() => functions.ReceiveAsync(context.Request, CancellationToken.None));

        Assert.Contains("larger than", refused.Message, StringComparison.Ordinal);
        Assert.InRange(body.Position, InboundMessageEndpoints.MaxBodyBytes + 1, InboundMessageEndpoints.MaxBodyBytes + 64 * 1024);
    }

    [Fact]
    public void Handshake_EventGridOrigin_AllowsItAndAnyRate()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "OPTIONS";
        context.Request.Headers[InboundMessageEndpoints.RequestOriginHeader] = "eventgrid.azure.net";

        var result = InboundMessageFunctions.Handshake(context.Request);

        Assert.IsType<Ok>(result);
        Assert.Equal("eventgrid.azure.net", context.Response.Headers[InboundMessageEndpoints.AllowedOriginHeader].ToString());
        Assert.Equal("*", context.Response.Headers[InboundMessageEndpoints.AllowedRateHeader].ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("attacker.example.org")]
    public void Handshake_OtherOrigin_IsRefused(string? origin)
    {
        var context = new DefaultHttpContext();
        if (origin is not null) context.Request.Headers[InboundMessageEndpoints.RequestOriginHeader] = origin;

        var refused = Assert.Throws<MalformedRequestException>(() => InboundMessageFunctions.Handshake(context.Request));

        Assert.Equal(StatusCodes.Status400BadRequest, ApiProblems.Classify(refused)!.Status);
        Assert.False(context.Response.Headers.ContainsKey(InboundMessageEndpoints.AllowedOriginHeader));
    }

    private static IHost WorkerHost()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration["Cosmos:Endpoint"] = "https://127.0.0.1:8081/";
        builder.Configuration["Clearinghouse:BaseUrl"] = "http://127.0.0.1:7080/";
        builder.Configuration["CardStorage:connectionString"] = "UseDevelopmentStorage=true";
        builder.Configuration["InboundMessages:HelpPhone"] = "+1 312 555 0100";
        var executor = typeof(RegistrationFunctions).Assembly.GetCustomAttribute<WorkerExtensionStartupCodeExecutorInfoAttribute>();
        Assert.NotNull(executor);
        ((WorkerExtensionStartup)Activator.CreateInstance(executor.StartupCodeExecutorType)!).Configure(builder);
        builder.AddPatientAccess();
        return builder.Build();
    }

    private static HttpRequest Request(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));
        return context.Request;
    }
}

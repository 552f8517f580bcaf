using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PatientAccess.Api;
using PatientAccess.Tests.Common;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Operations;
using PatientAccess.Workflow.Questions;
using PatientAccess.Workflow.SpecialistConsole;

namespace PatientAccess.Functions.Tests;

/// <summary>
/// The console's triggers take no function key, so who is signed in comes from the platform's principal header; the
/// host trusts it only when App Service authentication is in front (Console:PlatformAuthentication, set by infra with it).
/// </summary>
[Collection(FunctionsHostGroup.Name)]
public sealed class ConsoleSignInTests(FunctionsHostFixture fixture)
{
    [Theory]
    [InlineData(false, 401)]
    [InlineData(true, 200)]
    public async Task ConsoleWorklist_SpecialistPrincipalHeader_TrustedOnlyBehindPlatformAuthentication(bool platformAuthentication, int status)
    {
        var answer = await WorklistAsync(platformAuthentication, BadRequestTable.Specialist());

        Assert.Equal(status, answer.Status);
        if (status == 401)
        {
            Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
            Assert.Equal(ApiProblems.Unauthorized, answer.Json.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task ConsoleMe_ForgedHeaderWithoutPlatformAuthentication_Answers401()
    {
        var functions = Console(platformAuthentication: false);
        var context = HttpHarness.NewContext(fixture.Services, "GET", "/" + ApiRoutes.Prefix + "/" + ApiRoutes.ConsoleMe, headers: BadRequestTable.Specialist());

        var answer = await HttpHarness.InvokeAsync(fixture.Services, context, ConsoleFunctions.MeName,
            () => Task.FromResult(functions.Me(context.Request)));

        Assert.Equal(401, answer.Status);
        Assert.Equal(ApiProblems.Unauthorized, answer.Json.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task ConsoleQuestions_SignedInOnlyBehindPlatformAuthenticationWithAPrincipal(bool platformAuthentication, bool withPrincipal)
    {
        var questions = new QuestionFunctions(fixture.Services.GetRequiredService<QuestionOperations>(), fixture.Services.GetRequiredService<PortalRateLimiter>(),
            Options.Create(new ConsoleHostOptions { PlatformAuthentication = platformAuthentication }));
        var headers = withPrincipal ? BadRequestTable.Specialist() : new Dictionary<string, string>();
        var list = HttpHarness.NewContext(fixture.Services, "GET", "/" + ApiRoutes.Prefix + "/" + ApiRoutes.ConsoleQuestions, headers: headers);
        var id = Guid.NewGuid().ToString("N");
        var reply = HttpHarness.NewContext(fixture.Services, "POST", $"/{ApiRoutes.Prefix}/console/registrations/{id}/questions/reply", headers: headers,
            body: "{\"requestId\":\"r-00000001\",\"text\":\"Yes.\"}");

        var listed = await HttpHarness.InvokeAsync(fixture.Services, list, QuestionFunctions.ConsoleListName,
            () => questions.ListOpenAsync(list.Request, CancellationToken.None));
        var replied = await HttpHarness.InvokeAsync(fixture.Services, reply, QuestionFunctions.ConsoleReplyName,
            () => questions.ReplyAsync(reply.Request, id, CancellationToken.None));

        Assert.Equal(platformAuthentication && withPrincipal ? 200 : 401, listed.Status);
        Assert.Equal(platformAuthentication && withPrincipal ? 404 : 401, replied.Status);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void Composition_PlatformAuthenticationSetting_IsOffUnlessInfraSetsIt(string? setting, bool expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Console:PlatformAuthentication"] = setting,
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddApplicationServices();

        using var provider = services.BuildServiceProvider();

        Assert.Equal(expected, provider.GetRequiredService<IOptions<ConsoleHostOptions>>().Value.PlatformAuthentication);
    }

    private Task<HttpAnswer> WorklistAsync(bool platformAuthentication, IReadOnlyDictionary<string, string> headers)
    {
        var functions = Console(platformAuthentication);
        var context = HttpHarness.NewContext(fixture.Services, "GET", "/" + ApiRoutes.Prefix + "/" + ApiRoutes.ConsoleWorklist, headers: headers);
        return HttpHarness.InvokeAsync(fixture.Services, context, ConsoleFunctions.WorklistName,
            () => functions.ListWorklistAsync(context.Request, CancellationToken.None));
    }

    private ConsoleFunctions Console(bool platformAuthentication) => new(
        fixture.Services.GetRequiredService<ConsoleOperations>(),
        fixture.Services.GetRequiredService<WorklistOperations>(),
        fixture.Services.GetRequiredService<CardIntakeOperations>(),
        Options.Create(new ConsoleHostOptions { PlatformAuthentication = platformAuthentication }));
}

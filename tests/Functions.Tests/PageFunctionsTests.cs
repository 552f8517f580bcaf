using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Api;

namespace PatientAccess.Functions.Tests;

/// <summary>The Function App answers the pages a message link and the console open, with the same headers as the LocalHost.</summary>
public sealed class PageFunctionsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    [Fact]
    public async Task Portal_PatientLink_AnswersThePageWithStrictHeaders()
    {
        var context = HttpHarness.NewContext(_services, "GET", "/portal/c/AAAAAAAAAAAAAAAAAAAAAA");

        var answer = await HttpHarness.InvokeAsync(_services, context, PageFunctions.PortalName, () => Task.FromResult(PageFunctions.Portal(context.Request)));

        Assert.Equal(200, answer.Status);
        Assert.StartsWith("text/html", answer.ContentType, StringComparison.Ordinal);
        Assert.Contains("/assets/portal.js", answer.Body, StringComparison.Ordinal);
        Assert.Equal(StaticPages.PagePolicy, answer.Headers.ContentSecurityPolicy.ToString());
        Assert.Equal("no-referrer", answer.Headers["Referrer-Policy"].ToString());
        Assert.Equal("no-store", answer.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task ConsolePages_Registration_AnswersTheRegistrationPage()
    {
        var context = HttpHarness.NewContext(_services, "GET", "/console/r/" + new string('a', 32));

        var answer = await HttpHarness.InvokeAsync(_services, context, PageFunctions.ConsolePagesName, () => Task.FromResult(PageFunctions.ConsolePages(context.Request)));

        Assert.Equal(200, answer.Status);
        Assert.Contains("/assets/registration.js", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/assets/../appsettings.json")]
    [InlineData("/assets/nothing-here.js")]
    public async Task Assets_NoSuchAsset_Answers404Problem(string path)
    {
        var context = HttpHarness.NewContext(_services, "GET", path);

        var answer = await HttpHarness.InvokeAsync(_services, context, PageFunctions.AssetsName, () => Task.FromResult(PageFunctions.Assets(context.Request)));

        Assert.Equal(404, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
    }

    public void Dispose() => _services.Dispose();
}

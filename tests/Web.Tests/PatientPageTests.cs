using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PatientAccess.Domain.Portal;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations;
using PatientAccess.LocalHost.Tests;

namespace PatientAccess.Web.Tests;

/// <summary>The patient page behind every message link, on a phone-sized screen.</summary>
[Collection(WebGroup.Name)]
public sealed class PatientPageTests(WebFixture web)
{
    [Fact]
    public async Task PatientLink_OnAPhone_UploadsTheCardAndSeesItRead()
    {
        var id = await web.SubmitAsync("eligibility/01-active.json");
        await web.WaitForAsync(id, s => s.GetProperty("stage").GetString() == "AwaitingCard", TimeSpan.FromSeconds(60));
        var link = await web.PatientLinkAsync(id);
        Assert.Matches(new Regex("/portal/c/[A-Za-z0-9_-]{22}$"), link);
        Assert.DoesNotContain(id, link, StringComparison.Ordinal);

        await using var context = await web.NewContextAsync(WebFixture.Phone);
        var page = await context.NewPageAsync();
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("#state")).ToContainTextAsync("Please send a photo");
        await Assertions.Expect(page.Locator("#visit-where")).ToHaveTextAsync("Springfield Clinic");
        var html = await page.ContentAsync();
        Assert.DoesNotContain("Active", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("100000001", html, StringComparison.Ordinal);
        Assert.DoesNotContain("1985-03-14", html, StringComparison.Ordinal);
        await WebFixture.ScreenshotAsync(page, "patient-page");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"the page is {width} px wide on a 360 px screen: " +
            await page.EvaluateAsync<string>("[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 360).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5).join(', ')"));
        await WebFixture.AssertAccessibleAsync(page);

        var card = Path.Combine(LocalHostProcess.RepoRoot(), "samples", "cards", "card-1000-commercial-ppo-clean.jpg");
        await page.Locator("#file-front").SetInputFilesAsync(card);
        await Assertions.Expect(page.Locator(".card-side[data-side=front] .result")).ToContainTextAsync("We read your card", new() { Timeout = 120_000 });
        await WebFixture.AssertAccessibleAsync(page);
        await WebFixture.ScreenshotAsync(page, "patient-page-card-read");

        // Spanish: the patient changes the language; the page and the stored choice follow.
        await page.Locator("#language").SelectOptionAsync("es");
        await page.Locator("#contact button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Assertions.Expect(page.Locator("#cards-h")).ToHaveTextAsync("Su tarjeta del seguro");
        await WebFixture.AssertAccessibleAsync(page);
        await WebFixture.ScreenshotAsync(page, "patient-page-es");
    }

    [Fact]
    public async Task ExpiredAndForgedLinks_ShowTheExpiryPage()
    {
        var id = await web.SubmitAsync("eligibility/01-active.json");
        await web.WaitForAsync(id, s => s.GetProperty("stage").GetString() is not "Received", TimeSpan.FromSeconds(60));

        // An expired link, stored as the server stores them: only the hash, expiry in the past.
        var token = PatientLinkToken.New();
        var issued = DateTimeOffset.UtcNow.AddDays(-20);
        await using (var services = Stores())
        {
            await services.GetRequiredService<IPatientLinkStore>().CreateAsync(
                new PatientLink(PatientLinkToken.Hash(token), RegistrationId.Parse(id), issued, issued.AddDays(5), "test"), CancellationToken.None);
        }
        var forged = PatientLinkToken.New();

        await using var context = await web.NewContextAsync(WebFixture.Phone);
        var page = await context.NewPageAsync();
        foreach (var (name, candidate) in new[] { ("expired", token), ("forged", forged) })
        {
            await page.GotoAsync(web.Url("portal/c/" + candidate).ToString());
            await Assertions.Expect(page.Locator("#expired h1")).ToHaveTextAsync("This link has expired");
            await Assertions.Expect(page.Locator("#expired")).ToContainTextAsync("ask for a new link");
            Assert.True(await page.Locator("#page").IsHiddenAsync());
            await WebFixture.AssertAccessibleAsync(page);
            await WebFixture.ScreenshotAsync(page, "patient-link-" + name);
        }
    }

    [Fact]
    public async Task FormsOnAPhone_PatientReadsAndSignsEach_SeesThemSignedWithTheStoredPdf()
    {
        var id = await web.SubmitAsync("eligibility/01-active.json", change: f => f["appointment"]!["facilityId"] = "FORMS-DESK");
        await web.WaitForAsync(id, s => s.GetProperty("stage").GetString() is not "Received", TimeSpan.FromSeconds(60));

        await using var context = await web.NewContextAsync(WebFixture.Phone);
        var page = await context.NewPageAsync();
        await page.GotoAsync(await web.PatientLinkAsync(id));
        var forms = page.Locator("#forms article.form");
        await Assertions.Expect(forms).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#forms-h")).ToHaveTextAsync("Forms to sign");
        await WebFixture.AssertAccessibleAsync(page);
        await WebFixture.ScreenshotAsync(page, "patient-forms");

        // Signing needs a name and the stated intent: the browser refuses the form without them, nothing is sent.
        var first = forms.First;
        await first.Locator("button[type=submit]").ClickAsync();
        Assert.False(await first.Locator("input[name=signer]").EvaluateAsync<bool>("e => e.validity.valid"));
        Assert.Equal("", await first.Locator("[role=status]").TextContentAsync());

        foreach (var kind in new[] { "ConsentToTreat", "PrivacyNoticeAcknowledgement", "FinancialResponsibility" })
        {
            var form = page.Locator($"#forms article[data-kind={kind}]");
            await Assertions.Expect(form.Locator(".form-text")).Not.ToBeEmptyAsync();
            await form.Locator("input[name=signer]").FillAsync("Jane Active");
            await form.Locator("input[name=intent]").CheckAsync();
            await form.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator($"#forms article[data-kind={kind}] .ok-text")).ToContainTextAsync("Signed on", new() { Timeout = 30_000 });
        }

        var signed = page.Locator("#forms article[data-kind=ConsentToTreat] a", new() { HasText = "View the signed form" });
        var pdf = await context.APIRequest.GetAsync(new Uri(new Uri(page.Url), await signed.GetAttributeAsync("href")).ToString());
        Assert.Equal(200, pdf.Status);
        Assert.Equal("%PDF-"u8.ToArray(), (await pdf.BodyAsync())[..5]);
        await WebFixture.AssertAccessibleAsync(page);
        await WebFixture.ScreenshotAsync(page, "patient-forms-signed");
    }

    [Fact]
    public async Task SelfPayPatient_OpensThePrintableGoodFaithEstimateFromThePage()
    {
        var id = await web.SubmitAsync("demo/self-pay-good-faith-estimate.json");
        var status = await web.WaitForAsync(id, s => s.TryGetProperty("estimate", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.Object
            && e.GetProperty("goodFaithEstimate").ValueKind == System.Text.Json.JsonValueKind.Object, TimeSpan.FromSeconds(120));
        var gfeId = status.GetProperty("estimate").GetProperty("goodFaithEstimate").GetProperty("id").GetString()!;

        await using var context = await web.NewContextAsync(WebFixture.Phone);
        var page = await context.NewPageAsync();
        await page.GotoAsync(await web.PatientLinkAsync(id));
        var print = page.Locator("#estimate a", new() { HasText = "Print your Good Faith Estimate" });
        await Assertions.Expect(print).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await WebFixture.AssertAccessibleAsync(page);

        var document = await context.RunAndWaitForPageAsync(() => print.ClickAsync());
        await Assertions.Expect(document.Locator("body")).ToContainTextAsync(gfeId);
        await Assertions.Expect(document.Locator("body")).ToContainTextAsync("Sam");
        await WebFixture.ScreenshotAsync(document, "patient-good-faith-estimate");

        // The PDF from the same link, and nothing that may cache or run in the printed page.
        var pdf = await context.APIRequest.GetAsync(await page.Locator("#estimate a", new() { HasText = "PDF" }).GetAttributeAsync("href") is { } href ? new Uri(new Uri(page.Url), href).ToString() : throw new InvalidOperationException("no PDF link"));
        Assert.Equal(200, pdf.Status);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        Assert.Equal("no-store", pdf.Headers["cache-control"]);
        Assert.Equal("%PDF-"u8.ToArray(), (await pdf.BodyAsync())[..5]);
        var html = await context.APIRequest.GetAsync(document.Url);
        Assert.StartsWith("default-src 'none'", html.Headers["content-security-policy"], StringComparison.Ordinal);
    }

    private ServiceProvider Stores()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = Environment.GetEnvironmentVariable("COSMOS_ENDPOINT") ?? "https://127.0.0.1:8081/",
            ["Cosmos:Key"] = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
            ["Cosmos:Database"] = web.Settings.Database,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddCosmosStores();
        return services.BuildServiceProvider();
    }
}

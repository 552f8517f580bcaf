using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace PatientAccess.Web.Tests;

/// <summary>The console's open questions: a patient's text on the worklist with the registration beside it, answered from the registration's page.</summary>
[Collection(WebGroup.Name)]
public sealed class ConsoleQuestionTests(WebFixture web)
{
    [Fact]
    public async Task Specialist_SeesTheTextedQuestionOnTheWorklist_RepliesFromTheRegistration()
    {
        const string phone = "+12175550191";
        var id = await web.SubmitAsync("eligibility/01-active.json", change: f => f["patient"]!["phone"] = phone);
        await web.WaitForAsync(id, s => s.GetProperty("stage").GetString() is not "Received", TimeSpan.FromSeconds(60));
        var now = DateTimeOffset.UtcNow.ToString("O");
        using (var texted = await web.Api.PostAsJsonAsync("api/notifications/inbound", new[]
        {
            new
            {
                id = Guid.NewGuid().ToString(), topic = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
                subject = "/phonenumber/18335550100", eventType = "Microsoft.Communication.SMSReceived", eventTime = now, dataVersion = "1", metadataVersion = "1",
                data = new { messageId = "web-" + Guid.NewGuid().ToString("N"), from = phone, to = "+18335550100", message = "Do I need to fast before the visit?", receivedTimestamp = now },
            },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, texted.StatusCode);
        }

        await using var context = await web.NewContextAsync(WebFixture.Desktop);
        var page = await context.NewPageAsync();
        await page.GotoAsync(web.Url("console/").ToString());
        await Assertions.Expect(page).ToHaveURLAsync(WebFixture.SignInPage);
        await page.Locator("#name").FillAsync("Robin Specialist");
        await page.Locator("button[type=submit]").ClickAsync();
        var row = page.Locator($"#open-questions tbody tr[data-registration='{id}']");
        await Assertions.Expect(row).ToContainTextAsync("Do I need to fast before the visit?");
        await Assertions.Expect(row).ToContainTextAsync("Active");
        await WebFixture.AssertAccessibleAsync(page);
        await WebFixture.ScreenshotAsync(page, "console-questions");

        await row.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator("#thread li.from-patient")).ToContainTextAsync("Do I need to fast before the visit?");
        await Assertions.Expect(page.Locator("#question-due")).ToContainTextAsync("answer due");
        await page.Locator("#reply-text").FillAsync("No, you do not need to fast. Eat as usual.");
        await page.Locator("#reply button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#reply-result")).ToHaveTextAsync("Reply recorded.");
        var reply = page.Locator("#thread li.from-clinic");
        await Assertions.Expect(reply).ToContainTextAsync("No, you do not need to fast.");
        await Assertions.Expect(reply.Locator(".who")).ToContainTextAsync("Robin Specialist");
        await Assertions.Expect(reply.Locator(".who")).ToContainTextAsync("the words in the text");
        await Assertions.Expect(page.Locator("#question-due")).ToContainTextAsync("Every question has a reply.");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("Robin Specialist · question answered");
        await WebFixture.AssertAccessibleAsync(page);
        await WebFixture.ScreenshotAsync(page, "console-question-answered");

        await page.GotoAsync(web.Url("console/").ToString());
        await Assertions.Expect(page.Locator("#questions-summary")).Not.ToBeEmptyAsync();
        Assert.Equal(0, await page.Locator($"#open-questions tbody tr[data-registration='{id}']").CountAsync());
    }
}

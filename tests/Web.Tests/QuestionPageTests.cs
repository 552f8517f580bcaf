using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace PatientAccess.Web.Tests;

/// <summary>"Ask a question" on the patient page, on a phone-sized screen, answered from the console's operation.</summary>
[Collection(WebGroup.Name)]
public sealed class QuestionPageTests(WebFixture web)
{
    [Fact]
    public async Task AskAQuestion_OnAPhone_QuestionInTheThreadAndTheSpecialistsReplyBesideIt()
    {
        var id = await web.SubmitAsync("eligibility/01-active.json");
        await web.WaitForAsync(id, s => s.GetProperty("stage").GetString() is not "Received", TimeSpan.FromSeconds(60));
        await using var context = await web.NewContextAsync(WebFixture.Phone);
        var page = await context.NewPageAsync();
        await page.GotoAsync(await web.PatientLinkAsync(id));
        await Assertions.Expect(page.Locator("#questions-h")).ToHaveTextAsync("Ask a question");
        await Assertions.Expect(page.Locator("#question-none")).ToBeVisibleAsync();

        // The browser refuses an empty question; nothing is sent.
        await page.Locator("#question-form button[type=submit]").ClickAsync();
        Assert.False(await page.Locator("#question-text").EvaluateAsync<bool>("e => e.validity.valid"));
        Assert.Equal("", await page.Locator("#question-result").TextContentAsync());

        await page.Locator("#question-text").FillAsync("Where do I park for my visit?");
        await page.Locator("#question-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#question-list li.from-patient")).ToContainTextAsync("Where do I park for my visit?");
        await Assertions.Expect(page.Locator("#question-result")).ToHaveTextAsync("Sent. We will answer here.");
        await Assertions.Expect(page.Locator("#question-text")).ToHaveValueAsync("");

        // The server refuses at the door what the page would not send, naming the field.
        var tooLong = await page.EvaluateAsync<JsonElement>(
            "async () => { const r = await fetch('/api/portal/' + location.pathname.split('/').pop() + '/questions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ requestId: crypto.randomUUID(), text: 'x'.repeat(1001) }) }); return { status: r.status, body: await r.json() }; }");
        Assert.Equal(400, tooLong.GetProperty("status").GetInt32());
        Assert.True(tooLong.GetProperty("body").GetProperty("errors").TryGetProperty("text", out _));

        // A specialist answers (the console's operation, the API key standing for the signed-in specialist).
        using var reply = await web.Api.PostAsJsonAsync($"api/console/registrations/{id}/questions/reply",
            new { requestId = Guid.NewGuid().ToString(), text = "Park in the garage on Elm Street, level 2. It is free for patients." });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var thread = await reply.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(thread.TryGetProperty("awaitingSince", out var since) && since.ValueKind != JsonValueKind.Null, "the question is still open after the reply");
        var answer = thread.GetProperty("messages")[1];
        Assert.Equal("TextInMessage", answer.GetProperty("delivery").GetString());

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#question-list li.from-clinic")).ToContainTextAsync("Park in the garage on Elm Street");
        await Assertions.Expect(page.Locator("#question-list li.from-clinic .who")).ToContainTextAsync("Clinic team");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"the page is {width} px wide on a 360 px screen");
        await WebFixture.AssertAccessibleAsync(page);
        await page.Locator("#questions").ScrollIntoViewIfNeededAsync();
        await WebFixture.ScreenshotAsync(page, "patient-questions");
    }
}

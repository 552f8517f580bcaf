using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using PatientAccess.LocalHost.Tests;
using PatientAccess.PayerSandbox;

namespace PatientAccess.Web.Tests;

/// <summary>
/// The system as a browser sees it: the payer sandbox in-process, the LocalHost as a real process (Azurite and the
/// Cosmos emulator started by ./test.sh, Tesseract from Debian), and Debian's chromium driven by Playwright (never a
/// downloaded browser). Screenshots go to .local/test-results/screenshots.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private const string SandboxPassword = "web-sandbox-password";

    private WebApplication? _sandbox;
    private IPlaywright? _playwright;

    public LocalHostProcess Host { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;
    public LocalHostSettings Settings { get; } = LocalHostProcess.NewSettings(TimeSpan.FromSeconds(25));

    public static string Screenshots => Path.Combine(LocalHostProcess.RepoRoot(), ".local", "test-results", "screenshots");

    public async Task InitializeAsync()
    {
        _sandbox = SandboxApp.Create([], new Dictionary<string, string?>
        {
            ["Sandbox:Url"] = "http://127.0.0.1:0",
            ["Sandbox:Username"] = "sandbox",
            ["Sandbox:Password"] = SandboxPassword,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await _sandbox.StartAsync();
        Host = await LocalHostProcess.StartAsync(Settings, new Dictionary<string, string>
        {
            ["Clearinghouse__BaseUrl"] = SandboxApp.BaseAddress(_sandbox).ToString(),
            ["Clearinghouse__Password"] = SandboxPassword,
            ["PriorAuth__BaseUrl"] = new Uri(SandboxApp.BaseAddress(_sandbox), "fhir/").ToString(),
            ["Portal__BaseUrl"] = $"http://127.0.0.1:{Settings.ApiPort}/portal/",
            ["Reminders__FacilityName"] = "Springfield Clinic",
            ["Forms__RequirementsFile"] = Path.Combine(AppContext.BaseDirectory, "web-forms", "form-requirements.web-tests.json"),
        });
        Api = Host.CreateClient();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
        Assertions.SetDefaultExpectTimeout(20_000);
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>
    /// A browser context whose waits allow for a loaded 2-core machine (the suite runs beside builds): a page that
    /// never comes still fails the test, only later than Playwright's 30 s default.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Api?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        if (_sandbox is not null)
        {
            await _sandbox.StopAsync();
            await _sandbox.DisposeAsync();
        }
    }

    /// <summary>A phone: 360 px wide, touch, US English.</summary>
    public static BrowserNewContextOptions Phone => new()
    {
        ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
        Locale = "en-US",
    };

    /// <summary>A specialist's desktop.</summary>
    public static BrowserNewContextOptions Desktop => new() { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, Locale = "en-US" };

    /// <summary>The development sign-in page the console sends a signed-out browser to. Polled with Expect rather than
    /// awaited as a navigation: the console's own redirect can start before the page's load event, and a navigation wait
    /// set up after that missed it.</summary>
    public static readonly System.Text.RegularExpressions.Regex SignInPage = new("/dev/sign-in\\?returnUrl=");

    public Uri Url(string path) => new(Host.BaseAddress, path);

    /// <summary>A sample pre-registration with its visit moved to <paramref name="daysAhead"/> days after the run, and an optional change.</summary>
    public async Task<string> SubmitAsync(string sample, int daysAhead = 10, Action<JsonObject>? change = null)
    {
        var form = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(LocalHostProcess.RepoRoot(), "samples", sample)))!.AsObject();
        form["appointment"]!["scheduledAt"] = DateTimeOffset.UtcNow.Date.AddDays(daysAhead).AddHours(15).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        change?.Invoke(form);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/registrations") { Content = new StringContent(form.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await Api.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetString()!;
    }

    public async Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await Api.GetFromJsonAsync<JsonElement>($"api/registrations/{id}");
            if (done(last)) return last;
            await Task.Delay(300);
        }
        throw new TimeoutException($"Registration {id} stayed at {last}.");
    }

    /// <summary>A fresh patient link from the server (the console's operation, with the API key as a specialist).</summary>
    public async Task<string> PatientLinkAsync(string id)
    {
        using var response = await Api.PostAsync(new Uri($"api/console/registrations/{id}/patient-link", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
    }

    /// <summary>axe on the page as it is now: no serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var results = await page.RunAxe();
        var bad = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{page.Url}: " + string.Join("; ", bad.Select(v => $"{v.Id} ({v.Impact}): {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")));
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
}

[CollectionDefinition(Name)]
public sealed class WebGroup : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}

using System.Net;
using System.Text;
using CsCheck;
using Hl7.Fhir.Model;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Integrations.PriorAuth;
using PatientAccess.PayerSandbox;
using PatientAccess.PriorAuth.Tests.Infrastructure;
using PatientAccess.Workflow.PriorAuth;
using Task = System.Threading.Tasks.Task;

namespace PatientAccess.PriorAuth.Tests.Workflow;

/// <summary>POST /api/priorauth/notifications over HTTP: the payer's secret, replays, id-only notifications, bad bodies.</summary>
[Collection(nameof(PriorAuthHostGroup))]
public sealed class NotificationEndpointTests(PriorAuthHost host)
{
    private static readonly HttpClient Http = new();

    private async Task<HttpResponseMessage> PostAsync(string body, string? secret = Settings.PpoSecret)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, host.NotificationsUrl) { Content = new StringContent(body, Encoding.UTF8, "application/fhir+json") };
        if (secret is not null) message.Headers.TryAddWithoutValidation(Settings.SecretHeader, secret);
        return await Http.SendAsync(message);
    }

    /// <summary>A pended request of the silent payer and the notification the sandbox would send about it, decided A1.</summary>
    private async Task<(PatientAccess.Domain.Registrations.Registration Registration, string InstanceId, Bundle Notification)> PendedAsync(string content, long eventNumber)
    {
        // A member of its own, so an approval on file from another test is not reused.
        var member = "3" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var registration = Registrations.For("SBXPPO", member, "73721");
        await host.Registrations.TryCreateAsync(registration, CancellationToken.None);
        var instanceId = await host.StartAsync(registration, poll: TimeSpan.FromHours(1));
        var submissionId = registration.Id.Value + "-auth-1";
        await Eventually(async () => (await host.Authorizations.FindAsync(registration.Id.Value, "1", CancellationToken.None))?.Value.State == AuthorizationState.Pended);
        var submission = host.Sandbox.Authorizations.Find(submissionId)!;
        submission.Decisions[1] = new SandboxDecision("A1", "SBXAUTH-NOTIFIED", null, 1, new DateOnly(2026, 12, 15), new DateOnly(2027, 1, 15), submission.PayerReference);
        var subscription = new Subscription { Id = "test-sub-" + Guid.NewGuid().ToString("N")[..6], Channel = new Subscription.ChannelComponent { Type = Subscription.SubscriptionChannelType.RestHook } };
        subscription.Channel.PayloadElement = new Code("application/fhir+json");
        subscription.Channel.PayloadElement.Extension.Add(new Extension("http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content", new Code(content)));
        return (registration, instanceId, RestHookNotifier.Notification(subscription, submission, eventNumber));
    }

    [Fact]
    public async Task Post_WrongOrMissingSecret_401AndNothingRaised()
    {
        using var wrong = await PostAsync("{}", secret: "not-the-secret");
        using var missing = await PostAsync("{}", secret: null);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("unauthorized", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FullResourceThenReplay_DecidedOnceAndTheReplayIsA200NoOp()
    {
        var (registration, instanceId, notification) = await PendedAsync("full-resource", 1);
        var body = PasJson.Serialize(notification);

        using var first = await PostAsync(body);
        using var replay = await PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("\"raised\":1", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("\"replays\":1", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var metadata = await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancel.Token);
        Assert.Equal(AuthorizationState.Approved, metadata.ReadOutputAs<AuthorizationOutcome>()!.State);
        var record = await host.RecordAsync(registration);
        Assert.Equal(("SBXAUTH-NOTIFIED", 0), (record.Decision!.AuthorizationNumber, record.Inquiries));
    }

    [Fact]
    public async Task Post_IdOnly_TheOrchestrationAsksThePayerWithInquire()
    {
        var (registration, instanceId, notification) = await PendedAsync("id-only", 7);
        Assert.Single(notification.Entry);

        using var response = await PostAsync(PasJson.Serialize(notification));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var metadata = await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancel.Token);
        Assert.Equal(AuthorizationState.Approved, metadata.ReadOutputAs<AuthorizationOutcome>()!.State);
        Assert.Equal(1, (await host.RecordAsync(registration)).Inquiries);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"resourceType\":\"Patient\"}")]
    [InlineData("{\"resourceType\":\"Bundle\",\"type\":\"history\",\"entry\":[]}")]
    public async Task Post_NotANotification_400NamingTheField(string body)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("errors", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_AnyBodyWithTheSecret_NeverA5xx()
    {
        var json = Gen.OneOf(
            Gen.String,
            Gen.Const("{\"resourceType\":\"Bundle\",\"type\":\"history\",\"entry\":[{\"resource\":{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"notification-event\",\"part\":[{\"name\":\"focus\",\"valueReference\":{\"reference\":\"ClaimResponse/x\"}}]}]}}]}"),
            Gen.String[1, 40].Select(s => "{\"resourceType\":\"" + s + "\"}"));
        await json.SampleAsync(async body =>
        {
            using var response = await PostAsync(body);
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for a body of {body.Length} characters");
        }, iter: 60, threads: 1);
    }

    [Fact]
    public async Task Post_NotificationAboutARequestWeNeverSent_200AndCountedUnknown()
    {
        var submission = host.Sandbox.Authorizations.Submit("not-ours-" + Guid.NewGuid().ToString("N"), [new SandboxService(1, "70551", 1, new DateOnly(2026, 12, 15), new DateOnly(2026, 12, 15))]);
        var subscription = new Subscription { Id = "test-sub-x", Channel = new Subscription.ChannelComponent { Type = Subscription.SubscriptionChannelType.RestHook } };

        using var response = await PostAsync(PasJson.Serialize(RestHookNotifier.Notification(subscription, submission, 3)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"unknown\":1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), "the condition did not hold in time");
            await Task.Delay(200);
        }
    }
}

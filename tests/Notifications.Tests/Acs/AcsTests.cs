using System.Net.Http.Json;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Notifications;

namespace PatientAccess.Notifications.Tests.Acs;

public sealed class AcsTests : IAsyncLifetime
{
    private const string SmsFrom = "+18005550100";
    private const string EmailFrom = "DoNotReply@pa.example.org";
    private static readonly MessageKey Key = MessageKey.Create(RegistrationId.Parse("0f8fad5bd9cb469fa16570867728950e"), MessagePurpose.CardNeeded, 1, NotificationChannel.Sms);
    private static readonly MessageKey EmailKey = MessageKey.Create(RegistrationId.Parse("0f8fad5bd9cb469fa16570867728950e"), MessagePurpose.CardNeeded, 1, NotificationChannel.Email);
    private readonly string _key = FakeAcsServer.NewKey();
    private FakeAcsServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAcsServer.StartAsync(_key);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    internal static ServiceProvider Services(Uri endpoint, string? accessKey, Action<IServiceCollection>? before = null, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Acs:Endpoint"] = endpoint.AbsoluteUri,
            ["Acs:SmsFrom"] = SmsFrom,
            ["Acs:EmailSender"] = EmailFrom,
            ["Acs:AccessKey"] = accessKey,
            ["Acs:EmailPollTimeout"] = "00:00:05",
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<INotificationOutbox, InMemoryNotificationOutbox>();
        before?.Invoke(services);
        services.AddNotifications(configuration);
        return services.BuildServiceProvider();
    }

    private static Delivery Sms(string to = "+15551230001", int generation = 1, DateTimeOffset? started = null) =>
        new(Key, generation, NotificationChannel.Sms, to, null, "Mercy General: please send a photo of your insurance card: https://pa.example.org/r/Xy7Kp2Qm Free msg. Reply STOP to opt out",
            started ?? TruncatedNow());

    private static Delivery Email(string to = "pat@example.org", int generation = 1) =>
        new(EmailKey, generation, NotificationChannel.Email, to, "Please add your insurance card - Mercy General", "Hello,\n\nplease...", TruncatedNow());

    // RFC 1123 carries whole seconds.
    private static DateTimeOffset TruncatedNow()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
    }

    [Fact]
    public async Task SendAsync_SmsSignedWithAccessKey_ServerVerifiesSignatureAndSendsDocumentedBody()
    {
        await using var sp = Services(_server.Endpoint, _key);
        var sender = sp.GetRequiredService<INotificationSender>();
        Assert.IsType<AcsNotificationSender>(sender);
        var delivery = Sms();

        var providerId = await sender.SendAsync(delivery, CancellationToken.None);

        Assert.Empty(_server.Rejections);
        var sent = Assert.Single(_server.SmsSent);
        Assert.Equal(sent.MessageId, providerId);
        Assert.Equal((SmsFrom, "+15551230001", delivery.Body), (sent.From, sent.To, sent.Message));
        Assert.Equal(delivery.IdempotencyId.ToString("D"), sent.RepeatabilityRequestId);
        Assert.Equal(delivery.AttemptStartedUtc.ToString("r", System.Globalization.CultureInfo.InvariantCulture), sent.RepeatabilityFirstSent);
        Assert.True(sent.EnableDeliveryReport);
    }

    [Fact]
    public async Task SendAsync_WrongAccessKey_ServerRejectsAndItIsPermanent()
    {
        await using var sp = Services(_server.Endpoint, FakeAcsServer.NewKey());
        var ex = await Assert.ThrowsAsync<PermanentDependencyException>(() => sp.GetRequiredService<INotificationSender>().SendAsync(Sms(), CancellationToken.None));
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.Contains("signature does not match", _server.Rejections);
        Assert.Empty(_server.SmsSent);
    }

    [Fact]
    public async Task HmacHandler_BodyChangedAfterSigning_ServerRejectsContentHash()
    {
        using var http = new HttpClient(new AcsHmacAuthenticationHandler(_key, TimeProvider.System) { InnerHandler = new TamperingHandler { InnerHandler = new HttpClientHandler() } });
        using var response = await http.PostAsJsonAsync(new Uri(_server.Endpoint, "sms?api-version=2021-03-07"), new { from = SmsFrom });
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("x-ms-content-sha256 does not match the body", _server.Rejections);
    }

    [Fact]
    public async Task HmacHandler_DateTenMinutesOff_ServerRejectsDate()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10));
        using var http = new HttpClient(new AcsHmacAuthenticationHandler(_key, clock) { InnerHandler = new HttpClientHandler() });
        using var response = await http.PostAsJsonAsync(new Uri(_server.Endpoint, "sms?api-version=2021-03-07"), new { from = SmsFrom });
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("x-ms-date too far from now", _server.Rejections);
    }

    [Fact]
    public async Task SmsClient_PartialFailure_ReturnsEachRecipientAndSenderMapsThem()
    {
        await using var sp = Services(_server.Endpoint, _key);
        var client = sp.GetRequiredService<AcsSmsClient>();
        var started = TruncatedNow();
        var results = await client.SendAsync(SmsFrom,
        [
            new AcsSmsRecipient("+15551230002", Guid.NewGuid(), started),
            new AcsSmsRecipient(FakeAcsServer.SmsFailPrefix + "400", Guid.NewGuid(), started),
            new AcsSmsRecipient(FakeAcsServer.SmsFailPrefix + "500", Guid.NewGuid(), started),
        ], "Mercy General: test", CancellationToken.None);

        Assert.Equal(3, results.Count);
        Assert.True(results[0].Successful);
        Assert.Equal((false, 400), (results[1].Successful, results[1].HttpStatusCode));
        Assert.Equal((false, 500), (results[2].Successful, results[2].HttpStatusCode));
        Assert.Equal(results[0].MessageId, AcsNotificationSender.MapResult(results[0]));
        Assert.Throws<PermanentDependencyException>(() => AcsNotificationSender.MapResult(results[1]));
        Assert.Throws<DeliveryOutcomeUnknownException>(() => AcsNotificationSender.MapResult(results[2]));
        Assert.Single(_server.SmsSent);
        Assert.DoesNotContain("+1555", results[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_RecipientRefusedByCarrier_IsPermanentWithoutTheNumberInTheMessage()
    {
        await using var sp = Services(_server.Endpoint, _key);
        var ex = await Assert.ThrowsAsync<PermanentDependencyException>(() =>
            sp.GetRequiredService<INotificationSender>().SendAsync(Sms(FakeAcsServer.SmsFailPrefix + "400"), CancellationToken.None));
        Assert.DoesNotContain("555", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfter_IsTransientWithThatDelay()
    {
        await using var sp = Services(_server.Endpoint, _key);
        _server.FailNext(429, "7");
        var ex = await Assert.ThrowsAsync<TransientDependencyException>(() => sp.GetRequiredService<INotificationSender>().SendAsync(Sms(), CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.Empty(_server.SmsSent);
    }

    [Theory]
    [InlineData(429, typeof(TransientDependencyException))]
    [InlineData(503, typeof(DeliveryOutcomeUnknownException))]
    [InlineData(500, typeof(DeliveryOutcomeUnknownException))]
    [InlineData(400, typeof(PermanentDependencyException))]
    [InlineData(403, typeof(PermanentDependencyException))]
    public async Task SendAsync_WholeRequestStatus_MapsToTransientOrPermanent(int status, Type expected)
    {
        await using var sp = Services(_server.Endpoint, _key);
        _server.FailNext(status);
        var ex = await Assert.ThrowsAnyAsync<DomainException>(() => sp.GetRequiredService<INotificationSender>().SendAsync(Sms(), CancellationToken.None));
        Assert.IsType(expected, ex);
    }

    [Fact]
    public async Task SendAsync_NothingListening_IsTransientWithUnknownOutcome()
    {
        await using var sp = Services(new Uri("http://127.0.0.1:9/"), _key);
        await Assert.ThrowsAsync<DeliveryOutcomeUnknownException>(() => sp.GetRequiredService<INotificationSender>().SendAsync(Sms(), CancellationToken.None));
    }

    [Fact]
    public async Task SendAsync_SameAttemptTwice_AcsSendsOnceAndReturnsTheSameId()
    {
        await using var sp = Services(_server.Endpoint, _key);
        var sender = sp.GetRequiredService<INotificationSender>();
        var delivery = Sms();
        var first = await sender.SendAsync(delivery, CancellationToken.None);
        var repeat = await sender.SendAsync(delivery with { }, CancellationToken.None);
        Assert.Equal(first, repeat);
        Assert.Single(_server.SmsSent);

        var nextAttempt = await sender.SendAsync(delivery with { Generation = 2 }, CancellationToken.None);
        Assert.NotEqual(first, nextAttempt);
        Assert.Equal(2, _server.SmsSent.Count);
    }

    [Fact]
    public async Task SendAsync_AttemptOlderThanRepeatabilityWindow_IsTransientSoANewAttemptFollows()
    {
        await using var sp = Services(_server.Endpoint, _key);
        var ex = await Assert.ThrowsAsync<TransientDependencyException>(() =>
            sp.GetRequiredService<INotificationSender>().SendAsync(Sms(started: TruncatedNow().AddMinutes(-10)), CancellationToken.None));
        Assert.Contains("412", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_Email_AcceptedThenPolledUntilSucceeded()
    {
        await using var sp = Services(_server.Endpoint, _key);
        var delivery = Email();
        var operationId = await sp.GetRequiredService<INotificationSender>().SendAsync(delivery, CancellationToken.None);

        Assert.Equal(delivery.IdempotencyId.ToString("D"), operationId);
        Assert.True(_server.Polls >= 3, $"polled {_server.Polls} times");
        var sent = Assert.Single(_server.EmailsSent);
        Assert.Equal((EmailFrom, "pat@example.org", delivery.Subject, delivery.Body, operationId), (sent.Sender, sent.To, sent.Subject, sent.PlainText, sent.OperationId));
        Assert.Empty(_server.Rejections);
    }

    [Fact]
    public async Task SendAsync_EmailSameAttemptTwiceOr409_AcsStartsOneOperation()
    {
        await using var sp = Services(_server.Endpoint, _key);
        var sender = sp.GetRequiredService<INotificationSender>();
        var delivery = Email();
        var first = await sender.SendAsync(delivery, CancellationToken.None);
        var second = await sender.SendAsync(delivery, CancellationToken.None);
        _server.FailNext(409);
        var third = await sender.SendAsync(delivery, CancellationToken.None);
        Assert.Equal([first, first], new[] { second, third });
        Assert.Single(_server.EmailsSent);
    }

    [Fact]
    public async Task SendAsync_EmailOperationFailed_IsPermanentWithoutTheAddress()
    {
        await using var sp = Services(_server.Endpoint, _key);
        var ex = await Assert.ThrowsAsync<PermanentDependencyException>(() =>
            sp.GetRequiredService<INotificationSender>().SendAsync(Email("fail@example.org"), CancellationToken.None));
        Assert.Contains("EmailDroppedAllRecipientsSuppressed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fail@", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_EmailStillRunningAfterPollTimeout_IsTransient()
    {
        await using var sp = Services(_server.Endpoint, _key, extra: new() { ["Acs:EmailPollTimeout"] = "00:00:02" });
        await Assert.ThrowsAsync<DeliveryOutcomeUnknownException>(() =>
            sp.GetRequiredService<INotificationSender>().SendAsync(Email("slow@example.org"), CancellationToken.None));
    }

    [Fact]
    public async Task SendAsync_WithoutAccessKey_UsesEntraTokenForTheCommunicationScopeAndCachesIt()
    {
        await using var server = await FakeAcsServer.StartAsync(bearerToken: "entra-token-1");
        var credential = new CountingCredential("entra-token-1");
        await using var sp = Services(server.Endpoint, accessKey: null, before: s => s.AddSingleton<TokenCredential>(credential));
        var sender = sp.GetRequiredService<INotificationSender>();

        await sender.SendAsync(Sms(), CancellationToken.None);
        await sender.SendAsync(Sms("+15551230003", generation: 2), CancellationToken.None);

        Assert.Empty(server.Rejections);
        Assert.Equal(2, server.SmsSent.Count);
        Assert.Equal(1, credential.Calls);
        Assert.Equal(["https://communication.azure.com/.default"], credential.Scopes);
    }

    [Fact]
    public async Task AddNotifications_WithoutAcsEndpoint_UsesTheOutboxOnlySender()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<INotificationOutbox, InMemoryNotificationOutbox>();
        services.AddNotifications(configuration);
        await using var sp = services.BuildServiceProvider();
        var sender = sp.GetRequiredService<INotificationSender>();
        Assert.IsType<OutboxOnlySender>(sender);
        Assert.Equal("local-outbox:" + Key.Value, await sender.SendAsync(Sms(), CancellationToken.None));
    }

    [Theory]
    [InlineData("Acs:SmsFrom", null, "Acs:EmailSender", null)]
    [InlineData("Acs:SmsFrom", "8005550100", "Acs:EmailSender", EmailFrom)]
    [InlineData("Acs:AccessKey", "not base64!", "Acs:SmsFrom", SmsFrom)]
    [InlineData("Notifications:MaxAttempts", "0", "Acs:SmsFrom", SmsFrom)]
    public async Task AddNotifications_InvalidSettings_FailValidation(string key1, string? value1, string key2, string? value2)
    {
        await using var sp = Services(_server.Endpoint, _key, extra: new() { [key1] = value1, [key2] = value2 });
        Assert.Throws<OptionsValidationException>(() =>
        {
            _ = sp.GetRequiredService<IOptions<AcsOptions>>().Value;
            _ = sp.GetRequiredService<IOptions<NotificationDispatcherOptions>>().Value;
        });
    }

    private sealed class TamperingHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Content = JsonContent.Create(new { from = "+19995550100" });
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class CountingCredential(string token) : TokenCredential
    {
        private int _calls;
        public int Calls => _calls;
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            lock (Scopes) Scopes.AddRange(requestContext.Scopes);
            return ValueTask.FromResult(new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1)));
        }
    }
}

using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Common;
using PatientAccess.Integrations.Cards;

namespace PatientAccess.Cards.Tests;

public sealed class DocumentIntelligenceCardReaderTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Image = File.ReadAllBytes(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "cards"), "*.jpg").Order().First());
    private RecordedDocumentIntelligence _server = null!;
    private readonly InstantTimeProvider _time = new();
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await RecordedDocumentIntelligence.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private DocumentIntelligenceCardReader Reader(string apiVersion = DocumentIntelligenceOptions.V4, string? key = "local-test-key", TokenCredential? credential = null, int maxRetries = 4) =>
        new(_http, Options.Create(new DocumentIntelligenceOptions { Endpoint = _server.Endpoint, ApiVersion = apiVersion, Key = key, MaxRetries = maxRetries }),
            _time, NullLogger<DocumentIntelligenceCardReader>.Instance, credential);

    [Fact]
    public async Task ReadAsync_Succeeded_MapsEveryFieldWithConfidenceAndEngine()
    {
        _server.OnAnalyze(new Scripted(202, OperationLocation: true, RetryAfter: "2"))
            .OnPoll(new Scripted(200, "di-v4-succeeded.json"));

        var card = await Reader().ReadAsync(Image, "image/jpeg", CancellationToken.None);

        Assert.Equal("Fakeland Health Plan", card.Insurer!.Value);
        Assert.Equal(0.993, card.Insurer.Confidence);
        Assert.Equal(CardEngine.DocumentIntelligence, card.Insurer.Engine);
        Assert.Equal("ALEX Q TESTPERSON", card.Member!.Name!.Value);
        Assert.Equal(new DateOnly(1985, 4, 12), card.Member.BirthDate!.Value);
        Assert.Equal("Example Widgets", card.Member.Employer!.Value);
        Assert.Equal("F", card.Member.Gender!.Value);
        Assert.Equal("01", card.Member.IdNumberSuffix!.Value);
        Assert.Equal("JAMIE TESTPERSON", Assert.Single(card.Dependents).Name!.Value);
        Assert.Equal("ZQX", card.IdNumber!.Prefix!.Value);
        Assert.Equal("123456789", card.IdNumber.Number!.Value);
        Assert.Equal("ZQX123456789", card.MemberId!.Value);
        Assert.Equal("GRP-00417", card.GroupNumber!.Value);
        Assert.Equal("999123", card.PrescriptionInfo!.RxBin!.Value);
        Assert.Equal("FAKERX", card.PrescriptionInfo.RxPcn!.Value);
        Assert.Equal("RXZ1234", card.PrescriptionInfo.RxGrp!.Value);
        Assert.Equal("ZQX123456789", card.PrescriptionInfo.RxId!.Value);
        Assert.Equal("RXPLAN1", card.PrescriptionInfo.RxPlan!.Value);
        Assert.Equal("(80840)", card.PrescriptionInfo.Issuer!.Value);
        Assert.Equal("MockScripts", card.Pbm!.Value);
        Assert.Equal(new DateOnly(2026, 1, 1), card.EffectiveDate!.Value);
        Assert.Equal([25m, 50.5m], card.Copays.Select(c => c.Amount!.Value));
        Assert.Equal("Office Visit", card.Copays[0].Benefit!.Value);
        Assert.Equal("99999", card.Payer!.Id!.Value);
        Assert.Equal("PO Box 0000, Nowhere, ZZ 00000", card.Payer.Address!.Value);
        Assert.Equal("+18005550100", card.Payer.PhoneNumber!.Value);
        Assert.Equal("PPO", card.Plan!.Type!.Value);
        Assert.Equal("Fakeland Choice", card.Plan.Name!.Value);
        Assert.Equal("P-77", card.Plan.Number!.Value);
        Assert.Equal("1EG4TE5MK73", card.MedicareMedicaidInfo!.Id!.Value);
        Assert.Equal(new DateOnly(2024, 3, 1), card.MedicareMedicaidInfo.PartAEffectiveDate!.Value);
        Assert.Equal(new DateOnly(2024, 4, 1), card.MedicareMedicaidInfo.PartBEffectiveDate!.Value);
        Assert.All(card.FieldsRead(), f => Assert.Equal(CardEngine.DocumentIntelligence, f.Engine));

        var requests = _server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal("POST", requests[0].Method);
        Assert.Equal("/documentintelligence/documentModels/prebuilt-healthInsuranceCard.us:analyze", requests[0].Path);
        Assert.Equal("?api-version=2024-11-30", requests[0].Query);
        Assert.Equal("local-test-key", requests[0].Key);
        Assert.Equal(Convert.ToBase64String(Image), JsonDocument.Parse(requests[0].Body).RootElement.GetProperty("base64Source").GetString());
        Assert.Equal("GET", requests[1].Method);
        Assert.Equal("local-test-key", requests[1].Key);
        Assert.Contains(TimeSpan.FromSeconds(2), _time.Delays); // Retry-After of the 202 decided the first poll
    }

    [Fact]
    public async Task ReadAsync_RunningThenSucceeded_PollsHonouringRetryAfter()
    {
        _server.OnAnalyze(new Scripted(202, OperationLocation: true))
            .OnPoll(new Scripted(200, "di-running.json", RetryAfter: "3"), new Scripted(200, "di-running.json", RetryAfter: "5"), new Scripted(200, "di-v4-succeeded.json"));

        var card = await Reader().ReadAsync(Image, "image/jpeg", CancellationToken.None);

        Assert.Equal("GRP-00417", card.GroupNumber!.Value);
        Assert.Equal(3, _server.Requests.Count(r => r.Method == "GET"));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5)], _time.Delays.ToArray());
    }

    [Fact]
    public async Task ReadAsync_ThrottledThenSuccess_RetriesAfterTheServersDelay()
    {
        _server.OnAnalyze(new Scripted(429, "di-429.json", RetryAfter: "7"), new Scripted(202, OperationLocation: true))
            .OnPoll(new Scripted(503, RetryAfter: "4"), new Scripted(200, "di-v4-succeeded.json"));

        var card = await Reader().ReadAsync(Image, "image/jpeg", CancellationToken.None);

        Assert.NotNull(card.MemberId);
        Assert.Equal(2, _server.Requests.Count(r => r.Method == "POST"));
        Assert.Equal(2, _server.Requests.Count(r => r.Method == "GET"));
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)], _time.Delays.ToArray());
    }

    [Fact]
    public async Task ReadAsync_ThrottledBeyondRetries_IsTransientWithRetryAfter()
    {
        _server.OnAnalyze(new Scripted(429, "di-429.json", RetryAfter: "9"), new Scripted(429, "di-429.json", RetryAfter: "9"), new Scripted(429, "di-429.json", RetryAfter: "9"));

        var e = await Assert.ThrowsAsync<TransientDependencyException>(() => Reader(maxRetries: 2).ReadAsync(Image, "image/jpeg", CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(9), e.RetryAfter);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task ReadAsync_FailedWithInvalidContentDimensions_IsCardUnreadable()
    {
        _server.OnAnalyze(new Scripted(202, OperationLocation: true)).OnPoll(new Scripted(200, "di-failed-dimensions.json"));

        var e = await Assert.ThrowsAsync<CardUnreadableException>(() => Reader().ReadAsync(Image, "image/jpeg", CancellationToken.None));

        Assert.Equal(CardRejectionCode.InvalidDimensions, e.Code);
        Assert.Contains("InvalidContentDimensions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_AnalyzeRefusedWith400Dimensions_IsCardUnreadable()
    {
        _server.OnAnalyze(new Scripted(400, "di-failed-dimensions.json"));

        var e = await Assert.ThrowsAsync<CardUnreadableException>(() => Reader().ReadAsync(Image, "image/jpeg", CancellationToken.None));

        Assert.Equal(CardRejectionCode.InvalidDimensions, e.Code);
    }

    [Fact]
    public async Task ReadAsync_FailedOtherwise_IsPermanentNamingTheCode()
    {
        _server.OnAnalyze(new Scripted(202, OperationLocation: true)).OnPoll(new Scripted(200, "di-failed-internal.json"));

        var e = await Assert.ThrowsAsync<PermanentDependencyException>(() => Reader().ReadAsync(Image, "image/jpeg", CancellationToken.None));

        Assert.IsNotType<CardUnreadableException>(e);
        Assert.Contains("InternalServerError", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error occurred", e.Message, StringComparison.Ordinal); // service text is not copied
    }

    [Fact]
    public async Task ReadAsync_Unauthorized_IsPermanent()
    {
        _server.OnAnalyze(new Scripted(401));

        var e = await Assert.ThrowsAsync<PermanentDependencyException>(() => Reader().ReadAsync(Image, "image/jpeg", CancellationToken.None));

        Assert.Contains("401", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_V31WithCurrencyCopay_UsesFormRecognizerPathAndReadsAmount()
    {
        _server.OnAnalyze(new Scripted(202, OperationLocation: true)).OnPoll(new Scripted(200, "di-v31-succeeded-currency.json"));

        var card = await Reader(DocumentIntelligenceOptions.V31).ReadAsync(Image, "image/jpeg", CancellationToken.None);

        var copay = Assert.Single(card.Copays);
        Assert.Equal(250m, copay.Amount!.Value);
        Assert.Equal(0.91, copay.Amount.Confidence);
        Assert.Equal("W123456789", card.MemberId!.Value);
        var post = _server.Requests.First();
        Assert.Equal("/formrecognizer/documentModels/prebuilt-healthInsuranceCard.us:analyze", post.Path);
        Assert.Equal("?api-version=2023-07-31", post.Query);
    }

    [Fact]
    public async Task ReadAsync_WithoutKey_SendsEntraBearerTokenForCognitiveServicesScope()
    {
        var credential = new FixedCredential();
        _server.OnAnalyze(new Scripted(202, OperationLocation: true)).OnPoll(new Scripted(200, "di-v4-succeeded.json"));

        await Reader(key: null, credential: credential).ReadAsync(Image, "image/jpeg", CancellationToken.None);

        Assert.All(_server.Requests, r => Assert.Equal("Bearer test-token", r.Authorization));
        Assert.All(_server.Requests, r => Assert.Null(r.Key));
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], credential.Scopes);
    }

    [Fact]
    public async Task ReadAsync_ServerGone_IsTransient()
    {
        var endpoint = _server.Endpoint;
        await _server.DisposeAsync();
        var reader = new DocumentIntelligenceCardReader(_http,
            Options.Create(new DocumentIntelligenceOptions { Endpoint = endpoint, Key = "k", MaxRetries = 1 }),
            _time, NullLogger<DocumentIntelligenceCardReader>.Instance);
        _server = await RecordedDocumentIntelligence.StartAsync(); // for DisposeAsync

        await Assert.ThrowsAsync<TransientDependencyException>(() => reader.ReadAsync(Image, "image/jpeg", CancellationToken.None));
    }

    private sealed class FixedCredential : TokenCredential
    {
        public string[] Scopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes = requestContext.Scopes;
            return new AccessToken("test-token", DateTimeOffset.MaxValue);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}

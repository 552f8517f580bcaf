using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Integrations.Cosmos;
using PatientAccess.Integrations.PriorAuth;
using PatientAccess.PriorAuth.Tests.Infrastructure;

namespace PatientAccess.PriorAuth.Tests.Adapters;

/// <summary>
/// The PAS client built as the hosts build it (AddPriorAuth), in front of a payer that never answers in time: the
/// pipeline sends a submission or a cancellation once (the payer may have it; the activity inquires before it
/// submits again), an inquiry as often as its retries allow.
/// </summary>
public sealed class SubmissionRetryTests : IDisposable
{
    private readonly SlowPayer _payer = new();
    private readonly ServiceProvider _services;

    public SubmissionRetryTests()
    {
        var settings = Settings.For(new Uri("http://payer.invalid/"), "unused");
        settings["PriorAuth:AttemptTimeoutSeconds"] = "1";
        settings["PriorAuth:TotalBudgetSeconds"] = "8";
        settings["PriorAuth:MaxRetries"] = "2";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOptions<CosmosOptions>();
        services.AddPriorAuth(configuration);
        services.AddHttpClient<PasPriorAuthGateway>().ConfigurePrimaryHttpMessageHandler(() => _payer);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
    }

    public void Dispose() => _services.Dispose();

    private IPriorAuthGateway Gateway => _services.GetRequiredService<IPriorAuthGateway>();

    [Fact]
    public async Task Submit_AttemptTimesOut_SentOnceNotAgain()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => Gateway.SubmitAsync(Request(), CancellationToken.None));

        Assert.Equal(1, _payer.Requests);
    }

    [Fact]
    public async Task Cancel_AttemptTimesOut_SentOnceNotAgain()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => Gateway.CancelAsync(Request(), CancellationToken.None));

        Assert.Equal(1, _payer.Requests);
    }

    [Fact]
    public async Task Inquire_AttemptTimesOut_AskedAgain()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => Gateway.InquireAsync(Request(), CancellationToken.None));

        Assert.Equal(3, _payer.Requests);
    }

    [Fact]
    public async Task Submit_Payer503_SentAgain()
    {
        _payer.Status = HttpStatusCode.ServiceUnavailable;

        await Assert.ThrowsAnyAsync<Exception>(() => Gateway.SubmitAsync(Request(), CancellationToken.None));

        Assert.Equal(3, _payer.Requests);
    }

    private static AuthorizationRequest Request() =>
        PasBundleTests.Request(codes: ["70551"]) with { SubmissionId = $"{Guid.NewGuid():N}-auth-1", PayerId = "SBXPPO", MemberId = "100000001" };

    /// <summary>A payer that holds every request past the attempt timeout, or answers at once with <see cref="Status"/>.</summary>
    private sealed class SlowPayer : HttpMessageHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public HttpStatusCode? Status { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            if (Status is { } status) return new HttpResponseMessage(status) { RequestMessage = request };
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            throw new InvalidOperationException("the attempt timeout should have cancelled this");
        }
    }
}

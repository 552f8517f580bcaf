using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PatientAccess.Api;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations;
using PatientAccess.Integrations.Eligibility;
using PatientAccess.Integrations.PriorAuth;
using PatientAccess.Workflow;
using PatientAccess.Workflow.PriorAuth;

namespace PatientAccess.PriorAuth.Tests.Infrastructure;

/// <summary>
/// The authorization orchestration in the in-process Durable test host with the real adapters over the sandbox payer,
/// the Cosmos emulator (a database per run) and Azurite, plus the real notifications endpoint on a loopback port (the
/// sandbox's rest-hook target).
/// </summary>
public sealed class PriorAuthHost : IAsyncLifetime
{
    private DurableTaskTestHost? _host;
    private WebApplication? _endpoint;

    public SandboxHost Sandbox { get; } = new();

    public FakeLogCollector Logs { get; } = new();

    public Uri NotificationsUrl { get; private set; } = null!;

    public DurableTaskClient Client => _host!.Client;

    public IServiceProvider Services => _host!.Services;

    public IRegistrationStore Registrations => Services.GetRequiredService<IRegistrationStore>();

    public IAuthorizationStore Authorizations => Services.GetRequiredService<IAuthorizationStore>();

    public IWorkItemStore WorkItems => Services.GetRequiredService<IWorkItemStore>();

    public async System.Threading.Tasks.Task InitializeAsync()
    {
        await Sandbox.InitializeAsync();
        var configuration = Settings.Configuration(Sandbox.BaseAddress, "priorauth-tests-" + Guid.NewGuid().ToString("N")[..10]);
        _host = await DurableTaskTestHost.StartAsync(
            r => r.AddPriorAuthorization(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddSingleton(configuration);
                    services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(Logs)));
                    services.AddSingleton(TimeProvider.System);
                    services.AddCosmosStores();
                    services.AddEligibility(configuration);
                    services.AddPriorAuth(configuration);
                    services.AddSingleton<RegistrationUpdater>();
                    services.AddSingleton<AuthorizationSteps>();
                    services.AddSingleton<PriorAuthNotificationOperations>();
                },
            });

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _endpoint = builder.Build();
        _endpoint.MapPost("/api/" + ApiRoutes.PriorAuthNotifications, async (HttpContext http) =>
        {
            try
            {
                var result = await PriorAuthNotificationEndpoints.ReceiveAsync(http.Request, Client, Services.GetRequiredService<PriorAuthNotificationOperations>(), http.RequestAborted);
                await result.ExecuteAsync(http);
            }
            catch (Exception e) when (ApiProblems.FromException(e) is { } problem)
            {
                await problem.ExecuteAsync(http);
            }
        });
        await _endpoint.StartAsync();
        var address = _endpoint.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        NotificationsUrl = new Uri(address.TrimEnd('/') + "/api/" + ApiRoutes.PriorAuthNotifications);
    }

    public async System.Threading.Tasks.Task DisposeAsync()
    {
        if (_endpoint is not null) await _endpoint.DisposeAsync();
        if (_host is not null) await _host.DisposeAsync();
        await Sandbox.DisposeAsync();
    }

    /// <summary>Subscribes our endpoint at the sandbox payer (what an operator does once per PAS payer).</summary>
    public async System.Threading.Tasks.Task SubscribeAsync(string content = "full-resource", string secret = Settings.PpoSecret)
    {
        var subscription = new Subscription
        {
            Status = Subscription.SubscriptionStatus.Requested,
            Reason = "PatientAccess prior authorization decisions",
            Criteria = PatientAccess.PayerSandbox.RestHookNotifier.TopicUrl,
            Channel = new Subscription.ChannelComponent
            {
                Type = Subscription.SubscriptionChannelType.RestHook,
                Endpoint = NotificationsUrl.ToString(),
                Payload = "application/fhir+json",
                Header = [$"{Settings.SecretHeader}: {secret}"],
            },
        };
        subscription.Channel.PayloadElement.Extension.Add(new Extension(
            "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content", new Code(content)));
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(Sandbox.BaseAddress, "fhir/Subscription"),
            new StringContent(PasJson.Serialize(subscription), System.Text.Encoding.UTF8, "application/fhir+json"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Stores the registration and runs one line's orchestration to completion.</summary>
    public async Task<AuthorizationOutcome> RunAsync(Registration registration, string lineKey = "1", TimeSpan? poll = null, TimeSpan? window = null, TimeSpan? timeout = null)
    {
        await Registrations.TryCreateAsync(registration, CancellationToken.None);
        var instanceId = await StartAsync(registration, lineKey, poll, window);
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        var metadata = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancel.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        return metadata.ReadOutputAs<AuthorizationOutcome>()!;
    }

    public async Task<string> StartAsync(Registration registration, string lineKey = "1", TimeSpan? poll = null, TimeSpan? window = null)
    {
        var instanceId = PriorAuthInstances.For(registration.Id.Value, lineKey);
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(AuthorizationOrchestrator),
            new AuthorizationInput(registration.Id.Value, lineKey, MaxAttempts: 3, FirstRetryInterval: TimeSpan.FromSeconds(1), PollInterval: poll, DecisionWindow: window),
            new StartOrchestrationOptions(instanceId));
        return instanceId;
    }

    public async Task<AuthorizationRecord> RecordAsync(Registration registration, string lineKey = "1") =>
        (await Authorizations.FindAsync(registration.Id.Value, lineKey, CancellationToken.None))!.Value;
}

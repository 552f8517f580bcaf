using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;

namespace PatientAccess.PayerSandbox;

/// <summary>
/// Decides the pended requests that are due and tells every active subscription: an R4 Subscriptions Backport
/// notification Bundle (type history: the SubscriptionStatus Parameters first, then, for full-resource
/// subscriptions, the ClaimResponse) POSTed to the subscription's endpoint with its channel headers. A delivery that
/// fails is tried again on the next rounds, up to 5 times.
/// </summary>
public sealed class RestHookNotifier(AuthorizationSimulator simulator, SubscriptionRegistry subscriptions, IHttpClientFactory http, ILogger<RestHookNotifier> logger)
    : BackgroundService
{
    public const string TopicUrl = "http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic";
    private readonly List<(Subscription Subscription, SandboxSubmission Submission, int Attempts)> _retries = [];

    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await NotifyUntilStoppedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stopped, or was disposed without a stop (the token is cancelled under the wait): the end of
            // the loop, not a failure of the service.
        }
    }

    private async System.Threading.Tasks.Task NotifyUntilStoppedAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var work = simulator.DecideDue().SelectMany(s => subscriptions.Active.Select(sub => (sub, s, 0))).ToList();
            work.AddRange(_retries);
            _retries.Clear();
            foreach (var (subscription, submission, attempts) in work)
            {
                if (!await SendAsync(subscription, submission, stoppingToken) && attempts < 5)
                {
                    _retries.Add((subscription, submission, attempts + 1));
                }
            }
        }
    }

    private async Task<bool> SendAsync(Subscription subscription, SandboxSubmission submission, CancellationToken cancellationToken)
    {
        var body = PasSandbox.Serialize(Notification(subscription, submission, subscriptions.NextEvent(subscription.Id ?? "unknown")));
        using var message = new HttpRequestMessage(HttpMethod.Post, subscription.Channel!.Endpoint)
        {
            Content = new StringContent(body, Encoding.UTF8, PasSandbox.FhirMediaType),
        };
        foreach (var header in subscription.Channel?.Header ?? [])
        {
            var colon = header!.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) message.Headers.TryAddWithoutValidation(header[..colon].Trim(), header[(colon + 1)..].Trim());
        }
        try
        {
            using var response = await http.CreateClient(nameof(RestHookNotifier)).SendAsync(message, cancellationToken);
            Log.Notified(logger, subscription.Id ?? "unknown", submission.PayerReference, (int)response.StatusCode);
            return response.IsSuccessStatusCode || (int)response.StatusCode is >= 400 and < 500;
        }
        catch (HttpRequestException e)
        {
            Log.NotifyFailed(logger, subscription.Id ?? "unknown", submission.PayerReference, e.HttpRequestError.ToString());
            return false;
        }
    }

    /// <summary>The notification Bundle for one event about <paramref name="submission"/>.</summary>
    public static Bundle Notification(Subscription subscription, SandboxSubmission submission, long eventNumber)
    {
        var number = eventNumber.ToString(CultureInfo.InvariantCulture);
        var focus = "ClaimResponse/" + submission.PayerReference;
        var status = new Parameters { Meta = new Meta { Profile = ["http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4"] } };
        status.Add("subscription", new ResourceReference("Subscription/" + subscription.Id));
        status.Add("topic", new Canonical(TopicUrl));
        status.Add("status", new Code("active"));
        status.Add("type", new Code("event-notification"));
        status.Add("events-since-subscription-start", new FhirString(number));
        status.Parameter.Add(new Parameters.ParameterComponent
        {
            Name = "notification-event",
            Part =
            [
                new Parameters.ParameterComponent { Name = "event-number", Value = new FhirString(number) },
                new Parameters.ParameterComponent { Name = "timestamp", Value = new Instant(DateTimeOffset.UtcNow) },
                new Parameters.ParameterComponent { Name = "focus", Value = new ResourceReference(focus) },
            ],
        });
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.History,
            Timestamp = DateTimeOffset.UtcNow,
            Entry =
            [
                new Bundle.EntryComponent
                {
                    FullUrl = "urn:uuid:" + Guid.NewGuid(),
                    Resource = status,
                    Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = $"Subscription/{subscription.Id}/$status" },
                    Response = new Bundle.ResponseComponent { Status = "200" },
                },
            ],
        };
        if (PasSandbox.PayloadContent(subscription) == "full-resource")
        {
            var claim = new Claim
            {
                Identifier = [new Identifier("urn:trnorg:sandbox", submission.SubmissionId)],
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
                Patient = new ResourceReference("Patient/unknown"),
                Insurer = new ResourceReference("Organization/sandbox-payer"),
            };
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = "http://sandbox.local/fhir/" + focus,
                Resource = PasSandbox.ClaimResponse(claim, submission),
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = focus },
                Response = new Bundle.ResponseComponent { Status = "200" },
            });
        }
        return bundle;
    }
}

internal static partial class Log
{
    [LoggerMessage(9100, LogLevel.Information, "Sandbox notified subscription {SubscriptionId} about {PayerReference}: HTTP {Status}")]
    public static partial void Notified(ILogger logger, string subscriptionId, string payerReference, int status);

    [LoggerMessage(9101, LogLevel.Warning, "Sandbox could not notify subscription {SubscriptionId} about {PayerReference}: {Error}")]
    public static partial void NotifyFailed(ILogger logger, string subscriptionId, string payerReference, string error);
}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Integrations.Eligibility;

namespace PatientAccess.Integrations.PriorAuth;

/// <summary>
/// Da Vinci PAS over FHIR REST: POST [base]/Claim/$submit (submit and cancel) and [base]/Claim/$inquire with a
/// request Bundle built by <see cref="PasRequestBuilder"/>; the answer is a response Bundle (or Parameters) read by
/// <see cref="PasResponseReader"/>. An OperationOutcome with a 4xx is a data problem
/// (<see cref="AuthorizationRequestRejectedException"/>, never resubmitted as is); 5xx, 408, 429 and timeouts are
/// transient (the resilience pipeline retries within its budget, then <see cref="TransientDependencyException"/>).
/// </summary>
public sealed class PasPriorAuthGateway(HttpClient client, PasRequestBuilder builder, PayerDirectory directory, ILogger<PasPriorAuthGateway> logger)
{
    public const string Dependency = "payer (PAS)";

    public Task<AuthorizationResponse> SubmitAsync(AuthorizationRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, PasRequestKind.Submit, "Claim/$submit", cancellationToken);

    public Task<AuthorizationResponse> InquireAsync(AuthorizationRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, PasRequestKind.Inquire, "Claim/$inquire", cancellationToken);

    public Task<AuthorizationResponse> CancelAsync(AuthorizationRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, PasRequestKind.Cancel, "Claim/$submit", cancellationToken);

    private async Task<AuthorizationResponse> SendAsync(AuthorizationRequest request, PasRequestKind kind, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var bundle = builder.Build(request, kind);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(directory.PasBase(request.PayerId), operation))
        {
            Content = new StringContent(PasJson.Serialize(bundle), Encoding.UTF8, PasJson.MediaType),
        };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(PasJson.MediaType));
        if (kind != PasRequestKind.Inquire) SubmissionRetry.Mark(message);
        try
        {
            var (response, body) = await ClearinghouseHttp.SendAsync(client, message, Describe, cancellationToken, Dependency, Refuse);
            using (response)
            {
                var resource = PasJson.TryParse(body, out var problem) ?? throw Unreadable(problem);
                if (resource is OperationOutcome outcome) throw new AuthorizationRequestRejectedException(Dependency, PasResponseReader.Issues(outcome));
                var reading = (PasJson.TryNavigate(() => PasResponseReader.Read(resource), out var read, out var shape) ? read : throw Unreadable(shape))
                    ?? throw new PermanentDependencyException(Dependency, $"the answer is a {resource.TypeName} without a ClaimResponse");
                var result = new AuthorizationResponse(request.SubmissionId, reading.PayerReference, reading.Items, body, "json");
                PriorAuthLog.Answered(logger, PriorAuthProtocol.Pas, kind.ToString(), string.Join(",", result.Items.Select(i => i.Decision)), (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return result;
            }
        }
        catch (TransientDependencyException e)
        {
            PriorAuthLog.Transient(logger, PriorAuthProtocol.Pas, kind.ToString(), e.Message, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (PermanentDependencyException e)
        {
            PriorAuthLog.Refused(logger, PriorAuthProtocol.Pas, kind.ToString(), e.Message);
            throw;
        }
    }

    private static PermanentDependencyException Unreadable(string? problem) => new(Dependency, "the answer could not be read: " + problem);

    private static string? Describe(HttpResponseMessage response, byte[] body) =>
        PasJson.TryParse(body, out _) is OperationOutcome outcome ? string.Join("; ", PasResponseReader.Issues(outcome)) : null;

    private static Exception? Refuse(HttpResponseMessage response, byte[] body) =>
        PasJson.TryParse(body, out _) is OperationOutcome outcome
            ? new AuthorizationRequestRejectedException(Dependency, PasResponseReader.Issues(outcome))
            : new AuthorizationRequestRejectedException(Dependency, [$"HTTP {(int)response.StatusCode} without an OperationOutcome"]);
}

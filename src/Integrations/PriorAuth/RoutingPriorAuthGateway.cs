using PatientAccess.Domain.Common;
using PatientAccess.Domain.PriorAuth;

namespace PatientAccess.Integrations.PriorAuth;

/// <summary><see cref="IPriorAuthGateway"/>: each request goes to the payer's channel as the directory says (PAS or 278).</summary>
public sealed class RoutingPriorAuthGateway(PayerDirectory directory, PasPriorAuthGateway pas, X12ServiceReviewGateway x12) : IPriorAuthGateway
{
    public Task<AuthorizationResponse> SubmitAsync(AuthorizationRequest request, CancellationToken cancellationToken) =>
        Protocol(request) == PriorAuthProtocol.Pas ? pas.SubmitAsync(request, cancellationToken) : x12.SubmitAsync(request, cancellationToken);

    public Task<AuthorizationResponse> InquireAsync(AuthorizationRequest request, CancellationToken cancellationToken) =>
        Protocol(request) == PriorAuthProtocol.Pas ? pas.InquireAsync(request, cancellationToken) : x12.InquireAsync(request, cancellationToken);

    public Task<AuthorizationResponse> CancelAsync(AuthorizationRequest request, CancellationToken cancellationToken) =>
        Protocol(request) == PriorAuthProtocol.Pas ? pas.CancelAsync(request, cancellationToken) : x12.CancelAsync(request, cancellationToken);

    private PriorAuthProtocol Protocol(AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return directory.Find(request.PayerId)?.Protocol
            ?? throw new PermanentDependencyException("payer directory", $"payer {request.PayerId} takes no electronic authorization requests");
    }
}

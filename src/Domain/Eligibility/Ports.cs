namespace PatientAccess.Domain.Eligibility;

/// <summary>Real-time eligibility with a clearinghouse or payer.</summary>
public interface IEligibilityGateway
{
    /// <summary>Asks the payer; a rejection (AAA) comes back in the response, except transient ones.</summary>
    /// <exception cref="PayerUnavailableException">The payer answered AAA 42, 79 or 80 (a transient failure).</exception>
    /// <exception cref="Common.TransientDependencyException">Timeout, 5xx, 408, 429, connection failure, or the 20 s budget spent.</exception>
    /// <exception cref="Common.PermanentDependencyException">The clearinghouse refused the request (4xx, 999 rejection, unreadable answer).</exception>
    Task<EligibilityResponse> CheckAsync(EligibilityRequest request, CancellationToken cancellationToken);
}

/// <summary>Write-once storage of raw payloads (a 271, a JSON answer) kept for audit, outside orchestration history.</summary>
public interface IAuditPayloadStore
{
    /// <summary>Stores <paramref name="content"/> as <paramref name="name"/> in <paramref name="container"/>, replacing a retry's earlier copy.</summary>
    /// <returns>The stored name.</returns>
    Task<string> SaveAsync(string container, string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);
}

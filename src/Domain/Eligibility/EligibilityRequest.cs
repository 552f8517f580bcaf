using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Eligibility;

/// <summary>
/// A person in an eligibility inquiry. Every value is PHI: this type never goes into logs, exception
/// messages or orchestration history (its <see cref="ToString"/> prints no values).
/// </summary>
/// <param name="Name">Null when only the member id is known (a subscriber asked about for a dependent).</param>
/// <param name="MemberId">The payer's member id; required for the subscriber, usually absent for a dependent.</param>
public sealed record EligibilityPerson(PersonName? Name, DateOnly? BirthDate, AdministrativeSex Sex, string? MemberId)
{
    public override string ToString() => "EligibilityPerson { (PHI withheld) }";
}

/// <summary>
/// One real-time eligibility question (X12 270 / JSON eligibility): who pays, who asks, who the patient is,
/// for which service types and date. PHI; <see cref="ToString"/> prints only the payer and the trace number.
/// </summary>
public sealed record EligibilityRequest
{
    public EligibilityRequest(
        string payerId,
        string? payerName,
        string providerNpi,
        string? providerName,
        EligibilityPerson subscriber,
        EligibilityPerson? dependent,
        IReadOnlyList<string> serviceTypeCodes,
        DateOnly dateOfService,
        string traceNumber,
        string? groupNumber = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(payerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerNpi);
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(serviceTypeCodes);
        ArgumentException.ThrowIfNullOrWhiteSpace(traceNumber);
        if (string.IsNullOrWhiteSpace(subscriber.MemberId) && subscriber.Name is null)
        {
            throw new ArgumentException("The subscriber needs a member id or a name.", nameof(subscriber));
        }
        if (dependent is { Name: null })
        {
            throw new ArgumentException("A dependent needs a name.", nameof(dependent));
        }
        PayerId = payerId;
        PayerName = payerName;
        ProviderNpi = providerNpi;
        ProviderName = providerName;
        Subscriber = subscriber;
        Dependent = dependent;
        ServiceTypeCodes = serviceTypeCodes.Count == 0 ? [EligibilityServiceTypes.PlanCoverage] : serviceTypeCodes;
        DateOfService = dateOfService;
        TraceNumber = traceNumber;
        GroupNumber = groupNumber;
    }

    /// <summary>The payer's id at the clearinghouse (270 2100A NM109 PI / JSON tradingPartnerServiceId).</summary>
    public string PayerId { get; init; }

    public string? PayerName { get; init; }

    /// <summary>The provider asking (2100B NPI).</summary>
    public string ProviderNpi { get; init; }

    /// <summary>The provider's organization name; null lets the gateway use its configured name.</summary>
    public string? ProviderName { get; init; }

    public EligibilityPerson Subscriber { get; init; }

    /// <summary>Set when the patient is a dependent of <see cref="Subscriber"/>.</summary>
    public EligibilityPerson? Dependent { get; init; }

    /// <summary>X12 service type codes (EQ01), "30" (plan coverage) at least.</summary>
    public IReadOnlyList<string> ServiceTypeCodes { get; init; }

    public DateOnly DateOfService { get; init; }

    /// <summary>Our trace number (TRN02 / controlNumber), echoed by the payer. Contains no PHI.</summary>
    public string TraceNumber { get; init; }

    public string? GroupNumber { get; init; }

    /// <summary>The person the coverage question is about.</summary>
    public EligibilityPerson Patient => Dependent ?? Subscriber;

    public bool PatientIsDependent => Dependent is not null;

    public override string ToString() => $"EligibilityRequest {{ PayerId = {PayerId}, TraceNumber = {TraceNumber} }}";
}

using System.Globalization;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.PayerSandbox;

// The JSON eligibility API shape clearinghouses offer (Change Healthcare / Stedi "eligibility/v3"), the parts the
// sandbox speaks. Dates are YYYYMMDD strings; amounts and percents are strings, as those APIs send them.

public sealed record JsonEligibilityRequest(
    string? ControlNumber,
    string? TradingPartnerServiceId,
    string? TradingPartnerName,
    JsonProvider? Provider,
    JsonPerson? Subscriber,
    IReadOnlyList<JsonPerson>? Dependents,
    JsonEncounter? Encounter);

public sealed record JsonProvider(string? OrganizationName, string? Npi, string? FirstName = null, string? LastName = null, string? ProviderName = null);

public sealed record JsonPerson(
    string? MemberId = null,
    string? FirstName = null,
    string? LastName = null,
    string? MiddleName = null,
    string? Suffix = null,
    string? Gender = null,
    string? DateOfBirth = null,
    string? GroupNumber = null,
    string? RelationToSubscriberCode = null);

public sealed record JsonEncounter(IReadOnlyList<string>? ServiceTypeCodes, string? DateOfService = null, string? BeginningDateOfService = null);

public sealed record JsonEligibilityResponse
{
    public string? ControlNumber { get; init; }

    public string? TradingPartnerServiceId { get; init; }

    public JsonPayer? Payer { get; init; }

    public JsonProvider? Provider { get; init; }

    public JsonPerson? Subscriber { get; init; }

    public IReadOnlyList<JsonPerson>? Dependents { get; init; }

    public JsonPlanInformation? PlanInformation { get; init; }

    public JsonPlanDates? PlanDateInformation { get; init; }

    public IReadOnlyList<JsonPlanStatus> PlanStatus { get; init; } = [];

    public IReadOnlyList<JsonBenefit> BenefitsInformation { get; init; } = [];

    public IReadOnlyList<JsonError> Errors { get; init; } = [];
}

public sealed record JsonPayer(string? Name, string? PayorIdentification);

public sealed record JsonPlanInformation(string? GroupNumber, string? GroupDescription);

public sealed record JsonPlanDates(string? PlanBegin, string? PlanEnd);

public sealed record JsonPlanStatus(string StatusCode, string? Status, string? PlanDetails, IReadOnlyList<string> ServiceTypeCodes);

public sealed record JsonBenefit
{
    public required string Code { get; init; }

    public string? Name { get; init; }

    public string? CoverageLevelCode { get; init; }

    public IReadOnlyList<string> ServiceTypeCodes { get; init; } = [];

    public string? InsuranceTypeCode { get; init; }

    public string? PlanCoverage { get; init; }

    public string? TimeQualifierCode { get; init; }

    public string? BenefitAmount { get; init; }

    public string? BenefitPercent { get; init; }

    public string? InPlanNetworkIndicatorCode { get; init; }

    public string? AuthOrCertIndicator { get; init; }

    public IReadOnlyList<JsonAdditionalInformation>? AdditionalInformation { get; init; }

    public JsonRelatedEntity? BenefitsRelatedEntity { get; init; }

    /// <summary>EB09.</summary>
    public string? QuantityQualifierCode { get; init; }

    /// <summary>EB10.</summary>
    public string? BenefitQuantity { get; init; }

    /// <summary>EB13.</summary>
    public JsonProcedure? CompositeMedicalProcedureIdentifier { get; init; }

    /// <summary>HSD segments of the EB loop.</summary>
    public IReadOnlyList<JsonServiceDelivery>? BenefitsServiceDelivery { get; init; }

    /// <summary>DTP segments of the EB loop, by name ("benefitBegin": "20260101", "plan": "20260101-20261231").</summary>
    public IReadOnlyDictionary<string, string>? BenefitsDateInformation { get; init; }
}

public sealed record JsonProcedure(string? ProductOrServiceIdQualifierCode, string? ProcedureCode, IReadOnlyList<string>? ProcedureModifiers);

public sealed record JsonServiceDelivery(
    string? QuantityQualifierCode,
    string? Quantity,
    string? UnitForMeasurementCode,
    string? SampleSelectionModulus,
    string? TimePeriodQualifierCode,
    string? NumOfPeriods,
    string? DeliveryOrCalendarPatternCode,
    string? DeliveryPatternTimeCode);

public sealed record JsonAdditionalInformation(string Description);

public sealed record JsonRelatedEntity(string? EntityIdentifier, string? EntityType, string? EntityName, string? EntityFirstname, string? EntityIdentification, string? EntityIdentificationValue);

public sealed record JsonError(string? Field, string Code, string? Description, string? FollowupAction, string? Location, string? PossibleResolutions);

/// <summary>Maps the JSON shape to and from the X12 model, so both endpoints answer from the same 271.</summary>
public static class JsonEligibilityMapper
{
    public static EligibilityInquiry ToInquiry(JsonEligibilityRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dependent = request.Dependents is { Count: > 0 } d ? d[0] : null;
        var date = request.Encounter?.DateOfService ?? request.Encounter?.BeginningDateOfService;
        return new EligibilityInquiry
        {
            PayerName = request.TradingPartnerName ?? string.Empty,
            PayerId = request.TradingPartnerServiceId ?? string.Empty,
            ProviderName = request.Provider?.OrganizationName ?? request.Provider?.LastName ?? string.Empty,
            ProviderFirstName = request.Provider?.OrganizationName is null ? request.Provider?.FirstName : null,
            ProviderNpi = request.Provider?.Npi ?? string.Empty,
            Subscriber = Person(request.Subscriber),
            Dependent = dependent is null ? null : Person(dependent),
            ServiceTypeCodes = request.Encounter?.ServiceTypeCodes is { Count: > 0 } codes ? codes : ["30"],
            ServiceDate = ParseDate(date),
            TraceNumber = request.ControlNumber ?? string.Empty,
            CreatedAt = now,
            ControlNumber = "0001",
        };
    }

    public static JsonEligibilityResponse FromTransaction(EligibilityTransaction response, string? controlNumber)
    {
        ArgumentNullException.ThrowIfNull(response);
        var source = First(response.Sources);
        var receiver = First(source?.Receivers);
        var subscriber = First(receiver?.Subscribers);
        var dependent = First(subscriber?.Dependents);
        var patient = dependent ?? subscriber;
        var errors = new List<JsonError>();
        AddErrors(errors, source?.Errors, "Loop 2000A");
        AddErrors(errors, source?.Payer?.Errors, "Loop 2100A");
        AddErrors(errors, receiver?.Provider?.Errors, "Loop 2100B");
        AddErrors(errors, subscriber?.Member?.Errors, "Loop 2100C");
        AddErrors(errors, dependent?.Member?.Errors, "Loop 2100D");
        foreach (var b in patient?.Benefits ?? [])
        {
            AddErrors(errors, b.Errors, dependent is null ? "Loop 2110C" : "Loop 2110D");
        }

        var benefits = patient?.Benefits ?? [];
        var dates = patient?.Member?.Dates ?? [];
        var group = (subscriber?.Member?.References ?? []).Concat(dependent?.Member?.References ?? []).FirstOrDefault(r => r.Qualifier == "6P");
        return new JsonEligibilityResponse
        {
            ControlNumber = controlNumber,
            TradingPartnerServiceId = source?.Payer?.Identification,
            Payer = source?.Payer is { } p ? new JsonPayer(p.LastOrOrganizationName, p.Identification) : null,
            Provider = receiver?.Provider is { } pr ? new JsonProvider(pr.LastOrOrganizationName, pr.Identification) : null,
            Subscriber = subscriber?.Member is { } s ? ToJsonPerson(s) : null,
            Dependents = dependent?.Member is { } dm ? [ToJsonPerson(dm)] : null,
            PlanInformation = group is null ? null : new JsonPlanInformation(group.Value, group.Description),
            PlanDateInformation = dates.Count == 0 ? null : new JsonPlanDates(dates.FirstOrDefault(x => x.Qualifier == "346")?.Value, dates.FirstOrDefault(x => x.Qualifier == "347")?.Value),
            PlanStatus = [.. benefits.Where(b => b.InformationCode is "1" or "2" or "3" or "4" or "5" or "6" or "7" or "8")
                .Select(b => new JsonPlanStatus(b.InformationCode, EligibilityCodes.DescribeInformationCode(b.InformationCode), b.PlanCoverageDescription, b.ServiceTypeCodes))],
            BenefitsInformation = [.. benefits.Select(ToJsonBenefit)],
            Errors = errors,
        };
    }

    private static JsonBenefit ToJsonBenefit(BenefitInformation b)
    {
        var entity = First(b.RelatedEntities);
        return new JsonBenefit
        {
            Code = b.InformationCode,
            Name = EligibilityCodes.DescribeInformationCode(b.InformationCode),
            CoverageLevelCode = b.CoverageLevelCode,
            ServiceTypeCodes = b.ServiceTypeCodes,
            InsuranceTypeCode = b.InsuranceTypeCode,
            PlanCoverage = b.PlanCoverageDescription,
            TimeQualifierCode = b.TimePeriodQualifier,
            BenefitAmount = b.MonetaryAmount?.ToString(CultureInfo.InvariantCulture),
            BenefitPercent = b.Percent?.ToString(CultureInfo.InvariantCulture),
            InPlanNetworkIndicatorCode = b.InPlanNetwork,
            AuthOrCertIndicator = b.AuthorizationRequired,
            QuantityQualifierCode = b.QuantityQualifier,
            BenefitQuantity = b.Quantity?.ToString(CultureInfo.InvariantCulture),
            CompositeMedicalProcedureIdentifier = b.Procedure.Count >= 2 ? new JsonProcedure(b.Procedure[0], b.Procedure[1], b.Procedure.Count > 2 ? [.. b.Procedure.Skip(2)] : null) : null,
            BenefitsServiceDelivery = b.Deliveries.Count == 0 ? null : [.. b.Deliveries.Select(d => new JsonServiceDelivery(
                d.QuantityQualifier, d.Quantity, d.UnitQualifier, d.SampleSelectionModulus, d.TimePeriodQualifier, d.PeriodCount, d.DeliveryFrequencyCode, d.DeliveryPatternTimeCode))],
            BenefitsDateInformation = DateNames(b.Dates),
            AdditionalInformation = b.Messages.Count == 0 ? null : [.. b.Messages.Select(m => new JsonAdditionalInformation(m))],
            BenefitsRelatedEntity = entity is null ? null : new JsonRelatedEntity(
                entity.EntityIdentifierCode == "P3" ? "Primary Care Provider" : entity.EntityIdentifierCode,
                entity.EntityTypeQualifier == "1" ? "Person" : "Non-Person Entity",
                entity.LastOrOrganizationName, entity.FirstName, entity.IdentificationQualifier, entity.Identification),
        };
    }

    /// <summary>The JSON API's names for the DTP qualifiers of an EB loop; dates it has no name for are left out.</summary>
    private static Dictionary<string, string>? DateNames(IReadOnlyList<DateReference> dates)
    {
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in dates)
        {
            var name = d.Qualifier switch
            {
                "193" => "periodStart", "194" => "periodEnd", "291" => "plan", "292" => "benefit", "304" => "latestVisitOrConsultation",
                "307" => "eligibility", "318" => "added", "346" => "planBegin", "347" => "planEnd", "348" => "benefitBegin",
                "349" => "benefitEnd", "356" => "eligibilityBegin", "357" => "eligibilityEnd", "472" => "service",
                _ => null,
            };
            if (name is not null) named.TryAdd(name, d.Value);
        }
        return named.Count == 0 ? null : named;
    }

    private static T? First<T>(IReadOnlyList<T>? items)
        where T : class => items is { Count: > 0 } ? items[0] : null;

    private static JsonPerson ToJsonPerson(X12Party p) => new(
        p.Identification, p.FirstName, p.LastOrOrganizationName, p.MiddleName, p.NameSuffix, p.Demographics?.Gender, p.Demographics?.DateOfBirth,
        p.References.FirstOrDefault(r => r.Qualifier == "6P")?.Value, p.Relationship?.RelationshipCode);

    private static void AddErrors(List<JsonError> errors, IReadOnlyList<AaaError>? aaa, string location)
    {
        foreach (var e in aaa ?? [])
        {
            errors.Add(new JsonError("AAA03", e.RejectReasonCode, e.Description, e.FollowUpDescription, location, AaaCodes.Remediation(e.RejectReasonCode, e.FollowUpActionCode)));
        }
    }

    private static InquiryPerson Person(JsonPerson? p) => new()
    {
        LastName = p?.LastName ?? string.Empty,
        FirstName = p?.FirstName,
        MiddleName = p?.MiddleName,
        Suffix = p?.Suffix,
        MemberId = p?.MemberId,
        DateOfBirth = ParseDate(p?.DateOfBirth),
        Gender = p?.Gender,
        GroupNumber = p?.GroupNumber,
        RelationshipCode = p?.RelationToSubscriberCode,
    };

    private static DateOnly? ParseDate(string? value) =>
        value is not null && DateOnly.TryParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Eligibility;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.Integrations.Eligibility;

/// <summary>
/// The JSON eligibility API clearinghouses offer (Change Healthcare / Stedi "eligibility/v3" shape). The answer is
/// mapped into the same X12 model the CORE adapter reads, so one interpreter summarises both.
/// </summary>
public sealed class JsonEligibilityGateway(HttpClient client, IOptions<ClearinghouseOptions> options, TimeProvider time, ILogger<JsonEligibilityGateway> logger)
    : IEligibilityGateway
{
    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly ClearinghouseOptions _options = options.Value;

    public async Task<EligibilityResponse> CheckAsync(EligibilityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var controlNumber = RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        using var message = new HttpRequestMessage(HttpMethod.Post, _options.JsonPath)
        {
            Content = JsonContent.Create(ToJson(request, controlNumber), options: SerializerOptions),
        };
        ClearinghouseHttp.Authorize(message, _options);
        try
        {
            var (response, body) = await ClearinghouseHttp.SendAsync(client, message, DescribeErrors, cancellationToken);
            using (response)
            {
                EligibilityJsonResponse? json;
                try
                {
                    json = JsonSerializer.Deserialize<EligibilityJsonResponse>(body, SerializerOptions);
                }
                catch (JsonException e)
                {
                    throw new PermanentDependencyException(ClearinghouseHttp.Dependency, "the eligibility answer is not valid JSON", e);
                }
                if (json is null) throw new PermanentDependencyException(ClearinghouseHttp.Dependency, "the eligibility answer is empty");
                var result = EligibilityMapping.ToResponse(ToTransaction(json), body, "json", time.GetUtcNow());
                Log.Answered(logger, ClearinghouseMode.Json, result.Snapshot.Status.ToString(), result.Rejections.Count,
                    string.Join(",", result.Rejections.Select(r => r.Code)), (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return result;
            }
        }
        catch (TransientDependencyException e)
        {
            Log.Transient(logger, ClearinghouseMode.Json, e.Message, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (PermanentDependencyException e)
        {
            Log.Refused(logger, ClearinghouseMode.Json, e.Message);
            throw;
        }
    }

    /// <summary>The request body for a domain request.</summary>
    public EligibilityJsonRequest ToJson(EligibilityRequest request, string controlNumber)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new EligibilityJsonRequest(
            controlNumber,
            request.PayerId,
            request.PayerName,
            new EligibilityJsonProvider(request.ProviderName ?? _options.ProviderName, string.IsNullOrWhiteSpace(request.ProviderNpi) ? _options.ProviderNpi : request.ProviderNpi),
            Person(request.Subscriber, request.GroupNumber),
            request.Dependent is null ? null : [Person(request.Dependent, null)],
            new EligibilityJsonEncounter(request.ServiceTypeCodes, Date(request.DateOfService)));
    }

    private static EligibilityJsonPerson Person(EligibilityPerson p, string? group) => new(
        p.MemberId, p.Name?.Given, p.Name?.Family, p.Name?.Middle, p.Name?.Suffix, EligibilityMapping.Gender(p.Sex),
        p.BirthDate is { } d ? Date(d) : null, string.IsNullOrWhiteSpace(group) ? null : group);

    private static string Date(DateOnly d) => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string? DescribeErrors(HttpResponseMessage response, byte[] body)
    {
        try
        {
            var json = JsonSerializer.Deserialize<EligibilityJsonResponse>(body, SerializerOptions);
            return json?.Errors is { Count: > 0 } errors ? "error codes " + string.Join(",", errors.Select(e => e.Code)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The JSON answer as a 271 model (payer, provider, subscriber and dependent levels, EB loops, AAA by location).</summary>
    public static EligibilityTransaction ToTransaction(EligibilityJsonResponse json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var errors = json.Errors ?? [];
        IReadOnlyList<AaaError> At(params string[] loops) =>
        [
            .. errors.Where(e => loops.Any(l => (e.Location ?? "Loop 2100C").Contains(l, StringComparison.OrdinalIgnoreCase)))
                .Select(e => new AaaError("N", e.Code, FollowUpCode(e.FollowupAction))),
        ];

        var benefits = (json.BenefitsInformation ?? []).Select(Benefit).ToList();
        if (!benefits.Exists(b => b.InformationCode is "1" or "2" or "3" or "4" or "5" or "6" or "7" or "8"))
        {
            benefits.InsertRange(0, (json.PlanStatus ?? []).Select(s => new BenefitInformation
            {
                InformationCode = s.StatusCode,
                ServiceTypeCodes = s.ServiceTypeCodes ?? ["30"],
                PlanCoverageDescription = s.PlanDetails,
            }));
        }
        var dates = new List<DateReference>();
        if (json.PlanDateInformation?.PlanBegin is { Length: > 0 } begin) dates.Add(new DateReference("346", "D8", begin));
        if (json.PlanDateInformation?.PlanEnd is { Length: > 0 } end) dates.Add(new DateReference("347", "D8", end));
        var group = json.PlanInformation?.GroupNumber ?? json.Subscriber?.GroupNumber;
        var dependent = json.Dependents is { Count: > 0 } deps ? deps[0] : null;

        var subscriber = new MemberLevel
        {
            LevelCode = EligibilityCodes.SubscriberLevel,
            Member = Party("IL", json.Subscriber, group, dependent is null ? dates : [], At("2100C", "2000C")),
            Benefits = dependent is null ? benefits : [],
            Dependents = dependent is null
                ? []
                : [new MemberLevel { LevelCode = EligibilityCodes.DependentLevel, Member = Party("03", dependent, group, dates, At("2100D", "2000D")), Benefits = benefits }],
        };
        return new EligibilityTransaction
        {
            TransactionSetId = "271",
            PurposeCode = "11",
            ReferenceId = json.ControlNumber,
            Sources =
            [
                new InformationSourceLevel
                {
                    Errors = At("2000A", "2100A"),
                    Payer = new X12Party { EntityIdentifierCode = "PR", EntityTypeQualifier = "2", LastOrOrganizationName = json.Payer?.Name, IdentificationQualifier = "PI", Identification = json.Payer?.PayorIdentification ?? json.TradingPartnerServiceId },
                    Receivers =
                    [
                        new InformationReceiverLevel
                        {
                            Errors = At("2000B", "2100B"),
                            Provider = new X12Party { EntityIdentifierCode = "1P", EntityTypeQualifier = "2", LastOrOrganizationName = json.Provider?.OrganizationName, IdentificationQualifier = "XX", Identification = json.Provider?.Npi },
                            Subscribers = json.Subscriber is not null || benefits.Count > 0 || At("2100C", "2000C", "2100D", "2000D").Count > 0 ? [subscriber] : [],
                        },
                    ],
                },
            ],
        };
    }

    private static X12Party Party(string entity, EligibilityJsonPerson? p, string? group, IReadOnlyList<DateReference> dates, IReadOnlyList<AaaError> errors) => new()
    {
        EntityIdentifierCode = entity,
        LastOrOrganizationName = p?.LastName,
        FirstName = p?.FirstName,
        MiddleName = p?.MiddleName,
        NameSuffix = p?.Suffix,
        IdentificationQualifier = p?.MemberId is null ? null : "MI",
        Identification = p?.MemberId,
        References = group is null ? [] : [new ReferenceNumber("6P", group)],
        Demographics = p?.DateOfBirth is null && p?.Gender is null ? null : new Demographics("D8", p?.DateOfBirth, p?.Gender),
        Dates = dates,
        Errors = errors,
    };

    private static BenefitInformation Benefit(EligibilityJsonBenefit b) => new()
    {
        InformationCode = b.Code,
        CoverageLevelCode = b.CoverageLevelCode,
        ServiceTypeCodes = b.ServiceTypeCodes ?? [],
        InsuranceTypeCode = b.InsuranceTypeCode,
        PlanCoverageDescription = b.PlanCoverage,
        TimePeriodQualifier = b.TimeQualifierCode,
        MonetaryAmount = Number(b.BenefitAmount),
        Percent = Number(b.BenefitPercent),
        QuantityQualifier = b.QuantityQualifierCode,
        Quantity = Number(b.BenefitQuantity),
        AuthorizationRequired = b.AuthOrCertIndicator,
        InPlanNetwork = b.InPlanNetworkIndicatorCode,
        Procedure = b.CompositeMedicalProcedureIdentifier is { ProcedureCode: { Length: > 0 } code } p
            ? [p.ProductOrServiceIdQualifierCode ?? "HC", code, .. p.ProcedureModifiers ?? []]
            : [],
        Deliveries = [.. (b.BenefitsServiceDelivery ?? []).Select(d => new ServiceDelivery(
            d.QuantityQualifierCode, d.Quantity, d.UnitForMeasurementCode, d.SampleSelectionModulus, d.TimePeriodQualifierCode,
            d.NumOfPeriods, d.DeliveryOrCalendarPatternCode, d.DeliveryPatternTimeCode))],
        Dates = [.. (b.BenefitsDateInformation ?? new Dictionary<string, string>())
            .Select(d => (Qualifier: EligibilityJsonDates.Qualifier(d.Key), d.Value))
            .Where(d => d.Qualifier is not null && !string.IsNullOrWhiteSpace(d.Value))
            .Select(d => new DateReference(d.Qualifier!, d.Value.Contains('-', StringComparison.Ordinal) ? "RD8" : "D8", d.Value.Trim()))],
        Messages = [.. (b.AdditionalInformation ?? []).Select(a => a.Description).OfType<string>()],
        RelatedEntities = b.BenefitsRelatedEntity is { } e
            ?
            [
                new X12Party
                {
                    EntityIdentifierCode = string.Equals(e.EntityIdentifier, "Primary Care Provider", StringComparison.OrdinalIgnoreCase) ? "P3" : e.EntityIdentifier ?? "P3",
                    EntityTypeQualifier = string.Equals(e.EntityType, "Person", StringComparison.OrdinalIgnoreCase) ? "1" : "2",
                    LastOrOrganizationName = e.EntityName,
                    FirstName = e.EntityFirstname,
                    IdentificationQualifier = e.EntityIdentification,
                    Identification = e.EntityIdentificationValue,
                },
            ]
            : [],
    };

    private static decimal? Number(string? value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>The AAA04 code for a follow-up text ("Please Correct and Resubmit" → C), or the text when it is a code already.</summary>
    private static string? FollowUpCode(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (text.Trim().Length == 1) return text.Trim().ToUpperInvariant();
        return AaaCodes.KnownFollowUpCodes.FirstOrDefault(c => string.Equals(AaaCodes.DescribeFollowUp(c), text.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}

// The JSON shapes (Change Healthcare / Stedi eligibility v3), the fields this adapter sends and reads.

public sealed record EligibilityJsonRequest(
    string ControlNumber,
    string TradingPartnerServiceId,
    string? TradingPartnerName,
    EligibilityJsonProvider Provider,
    EligibilityJsonPerson Subscriber,
    IReadOnlyList<EligibilityJsonPerson>? Dependents,
    EligibilityJsonEncounter Encounter);

public sealed record EligibilityJsonProvider(string? OrganizationName, string? Npi);

public sealed record EligibilityJsonPerson(
    string? MemberId = null,
    string? FirstName = null,
    string? LastName = null,
    string? MiddleName = null,
    string? Suffix = null,
    string? Gender = null,
    string? DateOfBirth = null,
    string? GroupNumber = null);

public sealed record EligibilityJsonEncounter(IReadOnlyList<string> ServiceTypeCodes, string? DateOfService);

public sealed record EligibilityJsonResponse(
    string? ControlNumber,
    string? TradingPartnerServiceId,
    EligibilityJsonPayer? Payer,
    EligibilityJsonProvider? Provider,
    EligibilityJsonPerson? Subscriber,
    IReadOnlyList<EligibilityJsonPerson>? Dependents,
    EligibilityJsonPlanInformation? PlanInformation,
    EligibilityJsonPlanDates? PlanDateInformation,
    IReadOnlyList<EligibilityJsonPlanStatus>? PlanStatus,
    IReadOnlyList<EligibilityJsonBenefit>? BenefitsInformation,
    IReadOnlyList<EligibilityJsonError>? Errors);

public sealed record EligibilityJsonPayer(string? Name, string? PayorIdentification);

public sealed record EligibilityJsonPlanInformation(string? GroupNumber, string? GroupDescription);

public sealed record EligibilityJsonPlanDates(string? PlanBegin, string? PlanEnd);

public sealed record EligibilityJsonPlanStatus(string StatusCode, string? Status, string? PlanDetails, IReadOnlyList<string>? ServiceTypeCodes);

public sealed record EligibilityJsonBenefit(
    string Code,
    string? Name,
    string? CoverageLevelCode,
    IReadOnlyList<string>? ServiceTypeCodes,
    string? InsuranceTypeCode,
    string? PlanCoverage,
    string? TimeQualifierCode,
    string? BenefitAmount,
    string? BenefitPercent,
    string? InPlanNetworkIndicatorCode,
    string? AuthOrCertIndicator,
    IReadOnlyList<EligibilityJsonAdditionalInformation>? AdditionalInformation,
    EligibilityJsonRelatedEntity? BenefitsRelatedEntity,
    string? QuantityQualifierCode = null,
    string? BenefitQuantity = null,
    EligibilityJsonProcedure? CompositeMedicalProcedureIdentifier = null,
    IReadOnlyList<EligibilityJsonServiceDelivery>? BenefitsServiceDelivery = null,
    IReadOnlyDictionary<string, string>? BenefitsDateInformation = null);

/// <summary>EB13: qualifier (HC...), code, modifiers.</summary>
public sealed record EligibilityJsonProcedure(string? ProductOrServiceIdQualifierCode, string? ProcedureCode, IReadOnlyList<string>? ProcedureModifiers);

/// <summary>HSD, elements as the JSON API names them.</summary>
public sealed record EligibilityJsonServiceDelivery(
    string? QuantityQualifierCode,
    string? Quantity,
    string? UnitForMeasurementCode = null,
    string? SampleSelectionModulus = null,
    string? TimePeriodQualifierCode = null,
    string? NumOfPeriods = null,
    string? DeliveryOrCalendarPatternCode = null,
    string? DeliveryPatternTimeCode = null);

/// <summary>The JSON API names an EB loop's DTP dates by meaning ("benefitBegin": "20260101"); these are their X12 qualifiers.</summary>
public static class EligibilityJsonDates
{
    private static readonly Dictionary<string, string> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["periodStart"] = "193", ["periodEnd"] = "194", ["plan"] = "291", ["benefit"] = "292", ["latestVisitOrConsultation"] = "304",
        ["eligibility"] = "307", ["added"] = "318", ["planBegin"] = "346", ["planEnd"] = "347", ["benefitBegin"] = "348",
        ["benefitEnd"] = "349", ["eligibilityBegin"] = "356", ["eligibilityEnd"] = "357", ["service"] = "472",
    };

    /// <summary>The X12 DTP qualifier for a JSON date name; null when unknown.</summary>
    public static string? Qualifier(string name) => ByName.TryGetValue(name, out var q) ? q : null;

    /// <summary>The JSON date name for a DTP qualifier; null when the API has none.</summary>
    public static string? Name(string qualifier) => ByName.FirstOrDefault(p => p.Value == qualifier).Key;
}

public sealed record EligibilityJsonAdditionalInformation(string? Description);

public sealed record EligibilityJsonRelatedEntity(string? EntityIdentifier, string? EntityType, string? EntityName, string? EntityFirstname, string? EntityIdentification, string? EntityIdentificationValue);

public sealed record EligibilityJsonError(string? Field, string Code, string? Description, string? FollowupAction, string? Location, string? PossibleResolutions);

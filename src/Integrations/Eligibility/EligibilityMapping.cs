using System.Globalization;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Registrations;
using PatientAccess.X12.Eligibility;
using DomainStatus = PatientAccess.Domain.Registrations.CoverageStatus;
using X12Status = PatientAccess.X12.Eligibility.CoverageStatus;

namespace PatientAccess.Integrations.Eligibility;

/// <summary>Between the domain's eligibility types and the X12 model both adapters speak (the JSON adapter maps into the same model).</summary>
public static class EligibilityMapping
{
    /// <summary>The 270 question for a domain request.</summary>
    public static EligibilityInquiry ToInquiry(EligibilityRequest request, ClearinghouseOptions options, DateTimeOffset now, string controlNumber)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        return new EligibilityInquiry
        {
            PayerName = request.PayerName ?? request.PayerId,
            PayerId = request.PayerId,
            ProviderName = request.ProviderName ?? options.ProviderName,
            ProviderNpi = string.IsNullOrWhiteSpace(request.ProviderNpi) ? options.ProviderNpi ?? string.Empty : request.ProviderNpi,
            Subscriber = Person(request.Subscriber, request.Dependent is null ? request.GroupNumber : request.GroupNumber),
            Dependent = request.Dependent is null ? null : Person(request.Dependent, null),
            ServiceTypeCodes = request.ServiceTypeCodes,
            ServiceDate = request.DateOfService,
            TraceNumber = request.TraceNumber,
            CreatedAt = now,
            ControlNumber = controlNumber,
        };
    }

    public static string? Gender(AdministrativeSex sex) => sex switch
    {
        AdministrativeSex.Female => "F",
        AdministrativeSex.Male => "M",
        _ => null,
    };

    private static InquiryPerson Person(EligibilityPerson p, string? group) => new()
    {
        LastName = p.Name?.Family ?? string.Empty,
        FirstName = p.Name?.Given,
        MiddleName = p.Name?.Middle,
        Suffix = p.Name?.Suffix,
        MemberId = p.MemberId,
        DateOfBirth = p.BirthDate,
        Gender = Gender(p.Sex),
        GroupNumber = string.IsNullOrWhiteSpace(group) ? null : group,
    };

    /// <summary>
    /// The domain response for a 271. A transient rejection (AAA 42/79/80) without any coverage answer is thrown as
    /// <see cref="PayerUnavailableException"/> (carrying the payload, for audit).
    /// </summary>
    public static EligibilityResponse ToResponse(EligibilityTransaction response, ReadOnlyMemory<byte> raw, string extension, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var summary = EligibilityInterpreter.Summarize(response);
        var snapshot = Snapshot(summary, now) with { BenefitDetail = Benefits(response) };
        var result = new EligibilityResponse(snapshot, raw, extension, [.. summary.Issues.Select(Rejection)]);
        if (summary.IsTransientFailure && result.Snapshot.Status == DomainStatus.Unknown)
        {
            throw new PayerUnavailableException(result);
        }
        return result;
    }

    public static EligibilityRejection Rejection(AaaIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var loop = issue.Location switch
        {
            AaaLocation.Payer => "2100A",
            AaaLocation.Provider => "2100B",
            AaaLocation.Subscriber => "2100C",
            AaaLocation.Dependent => "2100D",
            _ => "2110",
        };
        var kind = issue.Classification switch
        {
            AaaClassification.Transient => RejectionKind.Transient,
            AaaClassification.IdentityMismatch => RejectionKind.IdentityMismatch,
            _ => RejectionKind.Other,
        };
        return new EligibilityRejection(issue.ReasonCode.Trim().ToUpperInvariant(), issue.FollowUpCode, loop, issue.Reason, issue.Remediation, kind);
    }

    /// <summary>The registration's summary of the patient's answer: status, plan, and one benefit line per service type, network and level.</summary>
    public static EligibilitySnapshot Snapshot(EligibilitySummary summary, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var patient = summary.Patient;
        var status = patient?.Status switch
        {
            X12Status.Active => DomainStatus.Active,
            X12Status.Inactive => DomainStatus.Inactive,
            _ => DomainStatus.Unknown,
        };
        var benefits = new List<BenefitLine>();
        var messages = new List<string>();
        foreach (var service in patient?.Services ?? [])
        {
            benefits.AddRange(Lines(service));
            foreach (var m in service.Messages)
            {
                if (!messages.Contains(m)) messages.Add(m);
            }
        }
        if (patient?.PrimaryCareProvider is { Length: > 0 } pcp)
        {
            messages.Add($"Primary care provider on file: {pcp}.");
        }
        if (string.Equals(patient?.InsuranceTypeCode, "HM", StringComparison.OrdinalIgnoreCase))
        {
            messages.Add("HMO plan: specialist and imaging services may need a referral from the primary care provider.");
        }
        return new EligibilitySnapshot(
            status,
            summary.PayerName,
            patient?.PlanName,
            patient?.GroupNumber,
            patient?.CoverageStart,
            patient?.CoverageEnd,
            benefits,
            messages,
            ResponseBlobName: null,
            CheckedAt: now);
    }

    /// <summary>
    /// The patient's EB loops, typed with every qualifier (EB01-EB13, DTP, HSD, MSG): the dependent's (2110D) when the
    /// 271 answers for a dependent, with the subscriber's (2110C) kept beside them; else the subscriber's.
    /// </summary>
    public static PatientBenefits Benefits(EligibilityTransaction response)
    {
        ArgumentNullException.ThrowIfNull(response);
        MemberLevel? subscriber = null, patient = null;
        foreach (var s in response.Sources.SelectMany(s => s.Receivers).SelectMany(r => r.Subscribers))
        {
            subscriber ??= s;
            if (s.Dependents.Count > 0)
            {
                (subscriber, patient) = (s, s.Dependents[^1]);
            }
        }
        patient ??= subscriber;
        if (patient is null) return PatientBenefits.None;
        var isDependent = patient.IsDependent;
        var own = Benefits(patient, isDependent ? "2110D" : "2110C");
        var plan = own.FirstOrDefault(b => b.Kind == BenefitKind.ActiveCoverage && b.Covers(EligibilityServiceTypes.PlanCoverage) && b.InsuranceType is not null)
            ?? own.FirstOrDefault(b => b.Kind == BenefitKind.ActiveCoverage && b.InsuranceType is not null);
        return new PatientBenefits(
            isDependent,
            plan?.InsuranceType,
            own,
            isDependent && subscriber is not null ? Benefits(subscriber, "2110C") : []);
    }

    private static List<Benefit> Benefits(MemberLevel level, string loop) =>
        [.. level.Benefits.Select((eb, i) => Benefit(eb, new BenefitSource(loop, i + 1, Segment(eb))))];

    private static Benefit Benefit(BenefitInformation eb, BenefitSource source) => Domain.Eligibility.Benefit.FromCodes(
        source,
        eb.InformationCode,
        eb.CoverageLevelCode,
        eb.ServiceTypeCodes,
        eb.InsuranceTypeCode,
        eb.PlanCoverageDescription,
        eb.TimePeriodQualifier,
        eb.MonetaryAmount,
        eb.Percent,
        eb.QuantityQualifier,
        eb.Quantity,
        eb.AuthorizationRequired,
        eb.InPlanNetwork,
        Procedure(eb.ProcedureCode),
        [.. eb.Dates.Select(Date).OfType<BenefitDate>()],
        [.. eb.Deliveries.Select(Limit)],
        eb.Messages);

    /// <summary>EB13 as the X12 model types it: qualifier, code, modifiers.</summary>
    private static BenefitProcedure? Procedure(X12.Eligibility.ProcedureCode? procedure) =>
        procedure is null ? null : new BenefitProcedure(procedure.Qualifier.Trim().ToUpperInvariant(), procedure.Code.Trim().ToUpperInvariant(), procedure.Modifiers);

    private static BenefitDate? Date(DateReference d) =>
        d.Start is { } start ? new BenefitDate(d.Qualifier.Trim(), start, d.End is { } end && end != start ? end : null) : null;

    private static ServiceDeliveryLimit Limit(ServiceDelivery h) => new(
        Text(h.QuantityQualifier), Number(h.Quantity), Text(h.UnitQualifier), Number(h.SampleSelectionModulus),
        Text(h.TimePeriodQualifier), Number(h.PeriodCount) is { } n ? (int)n : null, Text(h.DeliveryFrequencyCode), Text(h.DeliveryPatternTimeCode));

    /// <summary>EB01..EB13 written back as a segment (composites with ^, repeats with ^ too), trailing empties dropped.</summary>
    private static string Segment(BenefitInformation eb)
    {
        string? N(decimal? d) => d?.ToString(CultureInfo.InvariantCulture);
        var elements = new[]
        {
            eb.InformationCode, eb.CoverageLevelCode, string.Join('^', eb.ServiceTypeCodes), eb.InsuranceTypeCode, eb.PlanCoverageDescription,
            eb.TimePeriodQualifier, N(eb.MonetaryAmount), N(eb.Percent), eb.QuantityQualifier, N(eb.Quantity), eb.AuthorizationRequired,
            eb.InPlanNetwork, string.Join(":", eb.Procedure),
        };
        return ("EB*" + string.Join('*', elements.Select(e => e ?? string.Empty))).TrimEnd('*');
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static decimal? Number(string? value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static IEnumerable<BenefitLine> Lines(ServiceBenefits s)
    {
        var values = s.Copays.Concat(s.Coinsurance).Concat(s.Deductibles).Concat(s.OutOfPocket).ToList();
        var tiers = new List<NetworkTier>();
        if (values.Exists(v => v.Network == NetworkScope.InNetwork)) tiers.Add(NetworkTier.InNetwork);
        if (values.Exists(v => v.Network == NetworkScope.OutOfNetwork)) tiers.Add(NetworkTier.OutOfNetwork);
        if (tiers.Count == 0) tiers.Add(NetworkTier.NotApplicable);
        var name = s.ServiceTypeName ?? s.ServiceTypeCode;
        var hasFamily = s.Deductibles.Concat(s.OutOfPocket).Any(v => v.Level == BenefitLevel.Family);
        foreach (var tier in tiers)
        {
            var scope = tier switch
            {
                NetworkTier.InNetwork => NetworkScope.InNetwork,
                NetworkTier.OutOfNetwork => NetworkScope.OutOfNetwork,
                _ => NetworkScope.NotSpecified,
            };
            yield return new BenefitLine(
                s.ServiceTypeCode,
                name,
                tier,
                s.Copay(scope)?.Amount,
                s.CoinsuranceValue(scope)?.Percent is { } fraction ? fraction * 100m : null,
                Amount(s.Deductibles, BenefitLevel.Individual, scope, AmountKind.Total),
                Amount(s.Deductibles, BenefitLevel.Individual, scope, AmountKind.Remaining),
                Amount(s.OutOfPocket, BenefitLevel.Individual, scope, AmountKind.Total),
                Amount(s.OutOfPocket, BenefitLevel.Individual, scope, AmountKind.Remaining),
                s.AuthorizationRequired,
                "IND");
            if (hasFamily)
            {
                var family = new BenefitLine(
                    s.ServiceTypeCode,
                    name,
                    tier,
                    null,
                    null,
                    Amount(s.Deductibles, BenefitLevel.Family, scope, AmountKind.Total),
                    Amount(s.Deductibles, BenefitLevel.Family, scope, AmountKind.Remaining),
                    Amount(s.OutOfPocket, BenefitLevel.Family, scope, AmountKind.Total),
                    Amount(s.OutOfPocket, BenefitLevel.Family, scope, AmountKind.Remaining),
                    s.AuthorizationRequired,
                    "FAM");
                if ((family.DeductibleTotal ?? family.DeductibleRemaining ?? family.OutOfPocketTotal ?? family.OutOfPocketRemaining) is not null)
                {
                    yield return family;
                }
            }
        }
    }

    /// <summary>Individual values also match EBs that give no coverage level.</summary>
    private static decimal? Amount(IReadOnlyList<BenefitValue> values, BenefitLevel level, NetworkScope scope, AmountKind kind) =>
        (ServiceBenefits.Find(values, level, scope, kind)
         ?? (level == BenefitLevel.Individual ? ServiceBenefits.Find(values, BenefitLevel.NotSpecified, scope, kind) : null))?.Amount;
}

namespace PatientAccess.X12.Eligibility;

/// <summary>Turns a 271 model into <see cref="EligibilitySummary"/>: coverage, plan, benefits per service type, AAA.</summary>
public static class EligibilityInterpreter
{
    /// <summary>The plan-level service type used for an EB without EB03.</summary>
    public const string PlanLevelServiceType = "30";

    public static EligibilitySummary Summarize(EligibilityTransaction response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var issues = new List<AaaIssue>();
        var members = new List<MemberEligibility>();
        string? payerName = null, payerId = null;
        foreach (var source in response.Sources)
        {
            payerName ??= source.Payer?.LastOrOrganizationName;
            payerId ??= source.Payer?.Identification;
            AddIssues(issues, source.Errors, AaaLocation.Payer, []);
            AddIssues(issues, source.Payer?.Errors ?? [], AaaLocation.Payer, []);
            foreach (var receiver in source.Receivers)
            {
                AddIssues(issues, receiver.Errors, AaaLocation.Provider, []);
                AddIssues(issues, receiver.Provider?.Errors ?? [], AaaLocation.Provider, []);
                foreach (var subscriber in receiver.Subscribers)
                {
                    var sub = Member(subscriber, null);
                    members.Add(sub);
                    issues.AddRange(sub.Issues);
                    foreach (var dependent in subscriber.Dependents)
                    {
                        var dep = Member(dependent, sub);
                        members.Add(dep);
                        issues.AddRange(dep.Issues);
                    }
                }
            }
        }

        // Payer/provider level rejections mean no member was answered for.
        if (members.Count > 0 && issues.Any(i => i.Location is AaaLocation.Payer or AaaLocation.Provider))
        {
            members = [.. members.Select(m => m.Status == CoverageStatus.Unknown ? m with { Status = CoverageStatus.Rejected } : m)];
        }

        return new EligibilitySummary { PayerName = payerName, PayerId = payerId, Members = members, Issues = issues, EnvelopeErrors = response.EnvelopeErrors };
    }

    private static MemberEligibility Member(MemberLevel level, MemberEligibility? subscriber)
    {
        var location = level.IsDependent ? AaaLocation.Dependent : AaaLocation.Subscriber;
        var issues = new List<AaaIssue>();
        AddIssues(issues, level.Errors, location, []);
        AddIssues(issues, level.Member?.Errors ?? [], location, []);
        foreach (var b in level.Benefits)
        {
            AddIssues(issues, b.Errors, AaaLocation.Benefit, b.ServiceTypeCodes);
        }

        var party = level.Member;
        var services = new List<ServiceAccumulator>();
        var anyActive = false;
        var anyInactive = false;
        BenefitInformation? planEb = null;
        string? pcp = null;
        List<CoveragePeriod>? coverages = null;
        foreach (var b in level.Benefits)
        {
            var code = b.InformationCode is { Length: 1 } c && !char.IsAsciiLetterLower(c[0]) ? c : Normalised(b.InformationCode);
            var active = code is "1" or "2" or "3" or "4" or "5";
            var inactive = code is "6" or "7" or "8";
            anyActive |= active;
            anyInactive |= inactive;
            if (active || inactive)
            {
                (coverages ??= []).Add(Coverage(code, active, b));
            }

            var serviceCodes = b.ServiceTypeCodes.Count == 0 ? [PlanLevelServiceType] : b.ServiceTypeCodes;
            if ((active || inactive) && serviceCodes.Contains(PlanLevelServiceType) && (planEb is null || (active && !IsActive(planEb))))
            {
                planEb = b;
            }

            if (code == "L" && pcp is null && b.RelatedEntities.Count > 0)
            {
                var p = b.RelatedEntities[0];
                pcp = string.Join(' ', new[] { p.FirstName, p.LastOrOrganizationName }.Where(s => !string.IsNullOrEmpty(s)));
            }

            foreach (var st in serviceCodes)
            {
                // A loop, not List.Find: a lambda capturing st allocated a closure and a delegate per code per EB.
                ServiceAccumulator? acc = null;
                foreach (var s in services)
                {
                    // Codes of up to three bytes are shared strings from the reader's cache: most matches are the same instance.
                    if (ReferenceEquals(s.Code, st) || string.Equals(s.Code, st, StringComparison.OrdinalIgnoreCase))
                    {
                        acc = s;
                        break;
                    }
                }

                if (acc is null)
                {
                    acc = new ServiceAccumulator(st);
                    services.Add(acc);
                }

                acc.Add(code, b);
            }
        }

        planEb ??= level.Benefits.FirstOrDefault(IsActive) ?? level.Benefits.FirstOrDefault(b => b.InformationCode is "6" or "7" or "8");
        var status = anyActive ? CoverageStatus.Active
            : anyInactive ? CoverageStatus.Inactive
            : issues.Count > 0 ? CoverageStatus.Rejected
            : CoverageStatus.Unknown;

        var memberDates = party?.Dates ?? [];
        var planDates = planEb?.Dates ?? [];
        var start = FirstDate(memberDates, planDates, StartQualifiers, end: false);
        var end = FirstDate(memberDates, planDates, EndQualifiers, end: true);
        var references = party?.References ?? [];
        var plan = Reference(references, "18");
        var group = Reference(references, "6P") ?? Reference(references, "1L");

        return new MemberEligibility
        {
            IsDependent = level.IsDependent,
            MemberId = party?.Identification ?? (level.IsDependent ? subscriber?.MemberId : null),
            LastName = party?.LastOrOrganizationName,
            FirstName = party?.FirstName,
            DateOfBirth = party?.Demographics?.BirthDate,
            TraceNumbers = TraceIds(level.Traces),
            Status = status,
            CoverageStart = start,
            CoverageEnd = end,
            PlanName = planEb?.PlanCoverageDescription ?? plan?.Description,
            PlanNumber = plan?.Value,
            GroupNumber = group?.Value ?? (level.IsDependent ? subscriber?.GroupNumber : null),
            GroupName = group?.Description,
            InsuranceTypeCode = planEb?.InsuranceTypeCode,
            Services = Build(services),
            Issues = issues,
            PrimaryCareProvider = pcp,
            Coverages = (IReadOnlyList<CoveragePeriod>?)coverages ?? [],
        };
    }

    private static ReferenceNumber? Reference(IReadOnlyList<ReferenceNumber> references, string qualifier)
    {
        foreach (var r in references)
        {
            if (r.Qualifier == qualifier)
            {
                return r;
            }
        }

        return null;
    }

    private static CoveragePeriod Coverage(string code, bool active, BenefitInformation b)
    {
        DateOnly? start = null, end = null;
        foreach (var d in b.Dates)
        {
            if (d.Qualifier is "357" or "349" or "347")
            {
                end ??= d.End;
                continue;
            }

            if (start is null)
            {
                start = d.Start;
                if (d.IsRange)
                {
                    end ??= d.End;
                }
            }
        }

        return new CoveragePeriod
        {
            InformationCode = code,
            Active = active,
            InsuranceTypeCode = b.InsuranceTypeCode,
            MedicarePart = b.MedicarePart,
            ServiceTypeCodes = b.ServiceTypeCodes,
            Description = b.PlanCoverageDescription,
            Start = start,
            End = end,
            Dates = b.Dates,
        };
    }

    /// <summary>The day range of an EB's HSD segments: one HSD*DY written as a range, or two HSD*DY (first and last day).</summary>
    private static DayRange? Days(IReadOnlyList<ServiceDelivery> deliveries)
    {
        decimal? first = null;
        foreach (var d in deliveries)
        {
            if (!d.IsDays)
            {
                continue;
            }

            if (d.QuantityRange is { } range)
            {
                return new DayRange(range.From, range.To);
            }

            if (d.QuantityValue is { } n)
            {
                if (first is { } from)
                {
                    return new DayRange(from, n);
                }

                first = n;
            }
        }

        return null;
    }

    private static string[] TraceIds(IReadOnlyList<TraceNumber> traces)
    {
        if (traces.Count == 0)
        {
            return [];
        }

        var ids = new string[traces.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = traces[i].ReferenceId;
        }

        return ids;
    }

    private static ServiceBenefits[] Build(List<ServiceAccumulator> services)
    {
        var built = new ServiceBenefits[services.Count];
        for (var i = 0; i < built.Length; i++)
        {
            built[i] = services[i].Build();
        }

        return built;
    }

    private static bool IsActive(BenefitInformation b) => b.InformationCode.Trim() is "1" or "2" or "3" or "4" or "5";

    private static readonly string[] StartQualifiers = ["346", "356", "307", "291", "292"];

    private static readonly string[] EndQualifiers = ["347", "357", "307", "291", "292"];

    /// <summary>The first date found by qualifier order, looking in the member's dates and then the plan EB's.</summary>
    private static DateOnly? FirstDate(IReadOnlyList<DateReference> memberDates, IReadOnlyList<DateReference> planDates, string[] qualifiers, bool end)
    {
        foreach (var q in qualifiers)
        {
            var value = FirstDate(memberDates, q, end) ?? FirstDate(planDates, q, end);
            if (value is not null)
            {
                return value;
            }
        }

        return null;
    }

    private static DateOnly? FirstDate(IReadOnlyList<DateReference> dates, string q, bool end)
    {
        foreach (var d in dates)
        {
            if (d.Qualifier == q)
            {
                var value = end ? (d.Format.Equals("RD8", StringComparison.OrdinalIgnoreCase) || q is "347" or "357" ? d.End : null) : d.Start;
                if (value is not null)
                {
                    return value;
                }
            }
        }

        return null;
    }

    private static void AddIssues(List<AaaIssue> issues, IReadOnlyList<AaaError> errors, AaaLocation location, IReadOnlyList<string> serviceTypes)
    {
        foreach (var e in errors)
        {
            issues.Add(new AaaIssue
            {
                Location = location,
                ValidRequest = string.Equals(e.ValidRequestIndicator, "Y", StringComparison.OrdinalIgnoreCase),
                ReasonCode = e.RejectReasonCode,
                Reason = e.Description,
                FollowUpCode = e.FollowUpActionCode,
                FollowUp = e.FollowUpDescription,
                Classification = e.Classification,
                Remediation = AaaCodes.Remediation(e.RejectReasonCode, e.FollowUpActionCode),
                ServiceTypeCodes = serviceTypes,
            });
        }
    }

    // The code tables below match the usual upper-case codes first and only then normalise (trim, upper-case),
    // which allocates: most EBs carry EB02, EB11 and EB12, so this runs several times per benefit.
    internal static BenefitLevel Level(string? code) => code switch
    {
        null or "" => BenefitLevel.NotSpecified,
        "IND" or "EMP" => BenefitLevel.Individual,
        "FAM" => BenefitLevel.Family,
        _ => Normalised(code) switch
        {
            "" => BenefitLevel.NotSpecified,
            "IND" or "EMP" => BenefitLevel.Individual,
            "FAM" => BenefitLevel.Family,
            _ => BenefitLevel.Other,
        },
    };

    internal static NetworkScope Network(string? code) => code switch
    {
        null or "" => NetworkScope.NotSpecified,
        "Y" => NetworkScope.InNetwork,
        "N" => NetworkScope.OutOfNetwork,
        "W" => NetworkScope.Both,
        _ => Normalised(code) switch
        {
            "" => NetworkScope.NotSpecified,
            "Y" => NetworkScope.InNetwork,
            "N" => NetworkScope.OutOfNetwork,
            "W" => NetworkScope.Both,
            _ => NetworkScope.Unknown,
        },
    };

    internal static bool? YesNo(string? code) => code switch
    {
        null or "" => null,
        "Y" => true,
        "N" => false,
        _ => Normalised(code) switch
        {
            "Y" => true,
            "N" => false,
            _ => null,
        },
    };

    private static string Normalised(string code) => code.Trim().ToUpperInvariant();

    private sealed class ServiceAccumulator(string code)
    {
        private List<BenefitValue>? _copays;
        private List<BenefitValue>? _coinsurance;
        private List<BenefitValue>? _deductibles;
        private List<BenefitValue>? _oop;
        private List<BenefitValue>? _limits;
        private List<string>? _messages;
        private List<string>? _otherCodes;
        private bool? _covered;
        private bool? _auth;

        public string Code { get; } = code;

        public void Add(string informationCode, BenefitInformation b)
        {
            if (b.Messages.Count > 0)
            {
                (_messages ??= []).AddRange(b.Messages);
            }
            var auth = YesNo(b.AuthorizationRequired);
            if (auth == true || (auth == false && _auth is null))
            {
                _auth = auth;
            }

            switch (informationCode)
            {
                case "1" or "2" or "3" or "4" or "5":
                    _covered = true;
                    break;
                case "6" or "7" or "8" or "I":
                    _covered ??= false;
                    break;
                case "A":
                    (_coinsurance ??= []).Add(Value(b));
                    break;
                case "B":
                    (_copays ??= []).Add(Value(b));
                    break;
                case "C":
                    (_deductibles ??= []).Add(Value(b));
                    break;
                case "G":
                    (_oop ??= []).Add(Value(b));
                    break;
                case "F":
                    (_limits ??= []).Add(Value(b));
                    break;
                default:
                    if (_otherCodes is null || !_otherCodes.Contains(informationCode))
                    {
                        (_otherCodes ??= []).Add(informationCode);
                    }

                    break;
            }
        }

        public ServiceBenefits Build() => new()
        {
            ServiceTypeCode = Code,
            ServiceTypeName = EligibilityCodes.DescribeServiceType(Code),
            Covered = _covered,
            AuthorizationRequired = _auth,
            Copays = Freeze(_copays),
            Coinsurance = Freeze(_coinsurance),
            Deductibles = Freeze(_deductibles),
            OutOfPocket = Freeze(_oop),
            Limitations = Freeze(_limits),
            Messages = Freeze(_messages),
            OtherInformationCodes = Freeze(_otherCodes),
        };

        private static IReadOnlyList<T> Freeze<T>(List<T>? list) => list is null ? Array.Empty<T>() : list;

        private static BenefitValue Value(BenefitInformation b) => new()
        {
            Amount = b.MonetaryAmount,
            Percent = b.Percent,
            Quantity = b.Quantity,
            QuantityQualifier = b.QuantityQualifier,
            Level = Level(b.CoverageLevelCode),
            CoverageLevelCode = b.CoverageLevelCode,
            Network = Network(b.InPlanNetwork),
            Kind = b.TimePeriodQualifier?.Trim() is "29" or "33" ? AmountKind.Remaining : AmountKind.Total,
            TimePeriodCode = b.TimePeriodQualifier,
            TimePeriod = EligibilityCodes.DescribeTimePeriod(b.TimePeriodQualifier),
            Description = b.PlanCoverageDescription,
            AuthorizationRequired = YesNo(b.AuthorizationRequired),
            Messages = b.Messages,
            InsuranceTypeCode = b.InsuranceTypeCode,
            MedicarePart = b.MedicarePart,
            Procedure = b.Procedure.Count == 0 ? null : b.ProcedureCode,
            Deliveries = b.Deliveries,
            Days = b.Deliveries.Count == 0 ? null : Days(b.Deliveries),
            Dates = b.Dates,
        };
    }
}

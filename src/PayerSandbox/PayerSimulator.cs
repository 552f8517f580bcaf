using System.Collections.Concurrent;
using System.Globalization;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.PayerSandbox;

/// <summary>What the sandbox does with one inquiry: wait, then answer with a 271 or fail with an HTTP status.</summary>
public sealed record SandboxAnswer(EligibilityTransaction? Response, int? HttpStatus, TimeSpan Delay);

/// <summary>
/// Plays the payers of the roster: finds the member an inquiry is about and answers like a payer would, including
/// the failure scenarios (AAA 42 that recovers after N tries, HTTP errors, slow answers). Counts inquiries per member
/// in memory so a "recovers after N" member recovers, and per trace number (TRN02) so a test can see how often the
/// same question was asked.
/// </summary>
public sealed class PayerSimulator(Roster roster, SandboxOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _traces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _traceTimes = new(StringComparer.Ordinal);

    public Roster Roster => roster;

    /// <summary>How many inquiries reached this member since start or the last reset.</summary>
    public int Hits(string payerId, string memberId) => _hits.TryGetValue(Key(payerId, memberId), out var n) ? n : 0;

    /// <summary>Inquiries per trace number since start or the last reset, of the traces starting with <paramref name="prefix"/>.</summary>
    public IReadOnlyDictionary<string, int> Calls(string? prefix) =>
        _traces.Where(t => prefix is null || t.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

    /// <summary>When each inquiry with this trace number arrived (the sandbox's clock), oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> CallTimes(string traceNumber) =>
        _traceTimes.TryGetValue(traceNumber, out var times) ? [.. times] : [];

    public void Reset()
    {
        _hits.Clear();
        _traces.Clear();
        _traceTimes.Clear();
    }

    public SandboxAnswer Answer(EligibilityInquiry q)
    {
        ArgumentNullException.ThrowIfNull(q);
        if (!string.IsNullOrEmpty(q.TraceNumber))
        {
            _traces.AddOrUpdate(q.TraceNumber, 1, (_, n) => n + 1);
            _traceTimes.GetOrAdd(q.TraceNumber, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(time.GetUtcNow());
        }
        var payer = roster.Payer(q.PayerId);
        if (payer is null)
        {
            return Reply(Response(q, null, [new AaaError("N", "T4", "C")], null));
        }
        if (!payer.AcceptsMemberIdFormat(q.Subscriber.MemberId))
        {
            return Reply(Response(q, payer, [], NotFound(q, "72")));
        }

        var subscriber = roster.Subscriber(payer.Id, q.Subscriber.MemberId);
        // A dependent with their own member id is found only when asked about as the subscriber.
        RosterDependent? ownIdDependent = null;
        if (subscriber is null && q.Dependent is null && roster.DependentById(payer.Id, q.Subscriber.MemberId) is { } found)
        {
            (subscriber, ownIdDependent) = found;
        }
        if (subscriber is null)
        {
            return Reply(Response(q, payer, [], NotFound(q, "75")));
        }

        var hit = _hits.AddOrUpdate(Key(payer.Id, q.Subscriber.MemberId!), 1, (_, n) => n + 1);
        var delay = TimeSpan.FromMilliseconds(options.DelayOverrideMs ?? subscriber.DelayMs);
        if (subscriber.FailWithStatus is { } status && hit <= subscriber.FailTimes)
        {
            return new SandboxAnswer(null, status, delay);
        }
        if (hit <= subscriber.UnavailableTimes)
        {
            return new SandboxAnswer(Response(q, payer, [new AaaError("Y", "42", "R")], null), null, delay);
        }
        if (subscriber.Reject is { } reject)
        {
            var error = new AaaError(reject.Loop is "subscriber" or "dependent" ? "N" : "Y", reject.Code, reject.FollowUp);
            return new SandboxAnswer(reject.Loop == "payer" ? Response(q, payer, [error], null) : Response(q, payer, [], NotFound(q, reject.Code, reject.FollowUp)), null, delay);
        }

        var level = ownIdDependent is not null
            ? AnswerForOwnIdDependent(q, subscriber, ownIdDependent)
            : AnswerForSubscriber(q, subscriber);
        return new SandboxAnswer(Response(q, payer, [], level), null, delay);
    }

    private static SandboxAnswer Reply(EligibilityTransaction response) => new(response, null, TimeSpan.Zero);

    private static string Key(string payerId, string memberId) => payerId.Trim() + "|" + memberId.Trim();

    private MemberLevel AnswerForSubscriber(EligibilityInquiry q, RosterMember m)
    {
        var identity = CheckIdentity(q.Subscriber, m.FirstName, m.LastName, m.DateOfBirth);
        if (identity is not null)
        {
            return NotFound(q, identity);
        }
        if (q.Dependent is null)
        {
            return new MemberLevel
            {
                LevelCode = EligibilityCodes.SubscriberLevel,
                Traces = Traces(q),
                Member = MemberParty("IL", m.FirstName, m.MiddleName, m.LastName, m.MemberId, m.DateOfBirth, m.Gender, m, null),
                Benefits = Benefits(m),
            };
        }

        var dependent = m.Dependents.Find(d =>
            Same(q.Dependent.FirstName, d.FirstName) && Same(q.Dependent.LastName, d.LastName) &&
            (q.Dependent.DateOfBirth is null || q.Dependent.DateOfBirth == d.DateOfBirth));
        var subscriberParty = MemberParty("IL", m.FirstName, m.MiddleName, m.LastName, m.MemberId, m.DateOfBirth, m.Gender, m, null) with { Dates = [] };
        if (dependent is null)
        {
            return new MemberLevel
            {
                LevelCode = EligibilityCodes.SubscriberLevel,
                Member = subscriberParty,
                Dependents =
                [
                    new MemberLevel
                    {
                        LevelCode = EligibilityCodes.DependentLevel,
                        Traces = Traces(q),
                        Member = new X12Party
                        {
                            EntityIdentifierCode = "03",
                            LastOrOrganizationName = q.Dependent.LastName,
                            FirstName = q.Dependent.FirstName,
                            Errors = [new AaaError("N", "67", "C")],
                        },
                    },
                ],
            };
        }
        return new MemberLevel
        {
            LevelCode = EligibilityCodes.SubscriberLevel,
            Member = subscriberParty,
            Dependents =
            [
                new MemberLevel
                {
                    LevelCode = EligibilityCodes.DependentLevel,
                    Traces = Traces(q),
                    Member = MemberParty("03", dependent.FirstName, null, dependent.LastName, null, dependent.DateOfBirth, dependent.Gender, m, dependent.Relationship),
                    Benefits = Benefits(m),
                },
            ],
        };
    }

    private MemberLevel AnswerForOwnIdDependent(EligibilityInquiry q, RosterMember m, RosterDependent d)
    {
        var identity = CheckIdentity(q.Subscriber, d.FirstName, d.LastName, d.DateOfBirth);
        if (identity is not null)
        {
            return NotFound(q, identity);
        }
        return new MemberLevel
        {
            LevelCode = EligibilityCodes.SubscriberLevel,
            Traces = Traces(q),
            Member = MemberParty("IL", d.FirstName, null, d.LastName, d.MemberId, d.DateOfBirth, d.Gender, m, null),
            Benefits = Benefits(m),
        };
    }

    /// <summary>73 when a name sent differs, 71 when the birth date sent differs; null when they match.</summary>
    private static string? CheckIdentity(InquiryPerson sent, string firstName, string lastName, DateOnly dateOfBirth)
    {
        if (!string.IsNullOrWhiteSpace(sent.LastName) && !Same(sent.LastName, lastName)) return "73";
        if (!string.IsNullOrWhiteSpace(sent.FirstName) && !Same(sent.FirstName, firstName)) return "73";
        if (sent.DateOfBirth is { } dob && dob != dateOfBirth) return "71";
        return null;
    }

    private static bool Same(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static MemberLevel NotFound(EligibilityInquiry q, string code, string followUp = "C") => new()
    {
        LevelCode = EligibilityCodes.SubscriberLevel,
        Traces = q.Dependent is null ? Traces(q) : [],
        Member = new X12Party
        {
            EntityIdentifierCode = "IL",
            LastOrOrganizationName = q.Subscriber.LastName,
            FirstName = q.Subscriber.FirstName,
            IdentificationQualifier = string.IsNullOrEmpty(q.Subscriber.MemberId) ? null : "MI",
            Identification = q.Subscriber.MemberId,
            Errors = [new AaaError("N", code, followUp)],
        },
        Dependents = q.Dependent is null
            ? []
            : [new MemberLevel { LevelCode = EligibilityCodes.DependentLevel, Traces = Traces(q), Member = new X12Party { EntityIdentifierCode = "03", LastOrOrganizationName = q.Dependent.LastName, FirstName = q.Dependent.FirstName } }],
    };

    private static IReadOnlyList<TraceNumber> Traces(EligibilityInquiry q) =>
        string.IsNullOrEmpty(q.TraceNumber) ? [] : [new TraceNumber("2", q.TraceNumber, string.IsNullOrEmpty(q.TraceOriginator) ? null : q.TraceOriginator)];

    private static X12Party MemberParty(string entity, string first, string? middle, string last, string? memberId, DateOnly dob, string gender, RosterMember plan, string? relationship)
    {
        var dates = new List<DateReference>();
        if (plan.PlanBegin is { } begin) dates.Add(DateReference.OnDate("346", begin));
        if (plan.PlanEnd is { } end) dates.Add(DateReference.OnDate("347", end));
        return new X12Party
        {
            EntityIdentifierCode = entity,
            LastOrOrganizationName = last,
            FirstName = first,
            MiddleName = middle,
            IdentificationQualifier = memberId is null ? null : "MI",
            Identification = memberId,
            References = plan.GroupNumber is null ? [] : [new ReferenceNumber("6P", plan.GroupNumber, plan.GroupName)],
            Demographics = new Demographics("D8", dob.ToString("yyyyMMdd", CultureInfo.InvariantCulture), gender),
            Relationship = relationship is null ? null : new InsuredRelationship("N", relationship),
            Dates = dates,
        };
    }

    private List<BenefitInformation> Benefits(RosterMember m)
    {
        if (!string.Equals(m.Status, "active", StringComparison.OrdinalIgnoreCase))
        {
            return [new BenefitInformation { InformationCode = "6", ServiceTypeCodes = ["30"], PlanCoverageDescription = m.PlanName }];
        }
        var benefits = new List<BenefitInformation>
        {
            new() { InformationCode = "1", CoverageLevelCode = "IND", ServiceTypeCodes = ["30"], InsuranceTypeCode = m.InsuranceType, PlanCoverageDescription = m.PlanName },
        };
        if (m.Profile is not null)
        {
            benefits.AddRange(roster.BenefitProfiles[m.Profile].Select(b => new BenefitInformation
            {
                InformationCode = b.Code,
                CoverageLevelCode = b.Level,
                ServiceTypeCodes = b.ServiceTypes,
                TimePeriodQualifier = b.Period,
                MonetaryAmount = b.Amount,
                Percent = b.Percent,
                AuthorizationRequired = b.Auth,
                InPlanNetwork = b.Network,
                Messages = b.Messages,
                InsuranceTypeCode = b.InsuranceType,
                QuantityQualifier = b.QuantityQualifier,
                Quantity = b.Quantity,
                Procedure = b.Procedure is null ? [] : b.Procedure.Split(':'),
                Dates = [.. b.Dates.Select(d => d.End is { } end ? DateReference.Between(d.Qualifier, d.Start, end) : DateReference.OnDate(d.Qualifier, d.Start))],
                Deliveries = [.. b.Deliveries.Select(d => new ServiceDelivery(
                    d.QuantityQualifier, d.Quantity.ToString(CultureInfo.InvariantCulture), TimePeriodQualifier: d.Period,
                    PeriodCount: d.Periods?.ToString(CultureInfo.InvariantCulture)))],
            }));
        }
        if (m.PrimaryCareProvider is { } pcp)
        {
            benefits.Add(new BenefitInformation
            {
                InformationCode = "L",
                ServiceTypeCodes = ["30"],
                Messages = ["PRIMARY CARE PROVIDER REFERRAL REQUIRED FOR SPECIALIST VISITS"],
                RelatedEntities =
                [
                    new X12Party
                    {
                        EntityIdentifierCode = "P3",
                        EntityTypeQualifier = "1",
                        LastOrOrganizationName = pcp.LastName,
                        FirstName = pcp.FirstName,
                        IdentificationQualifier = "XX",
                        Identification = pcp.Npi,
                    },
                ],
            });
        }
        return benefits;
    }

    private EligibilityTransaction Response(EligibilityInquiry q, RosterPayer? payer, IReadOnlyList<AaaError> payerErrors, MemberLevel? member)
    {
        var now = time.GetUtcNow();
        return new EligibilityTransaction
        {
            TransactionSetId = "271",
            ControlNumber = string.IsNullOrEmpty(q.ControlNumber) ? "0001" : q.ControlNumber,
            PurposeCode = "11",
            ReferenceId = string.IsNullOrEmpty(q.ReferenceId) ? q.TraceNumber : q.ReferenceId,
            Date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            Time = now.ToString("HHmm", CultureInfo.InvariantCulture),
            Sources =
            [
                new InformationSourceLevel
                {
                    Errors = payerErrors,
                    Payer = new X12Party
                    {
                        EntityIdentifierCode = "PR",
                        EntityTypeQualifier = "2",
                        LastOrOrganizationName = payer?.Name ?? (string.IsNullOrEmpty(q.PayerName) ? "UNKNOWN PAYER" : q.PayerName),
                        IdentificationQualifier = "PI",
                        Identification = payer?.Id ?? q.PayerId,
                    },
                    Receivers = member is null
                        ? []
                        :
                        [
                            new InformationReceiverLevel
                            {
                                Provider = new X12Party
                                {
                                    EntityIdentifierCode = "1P",
                                    EntityTypeQualifier = q.ProviderFirstName is null ? "2" : "1",
                                    LastOrOrganizationName = q.ProviderName,
                                    FirstName = q.ProviderFirstName,
                                    IdentificationQualifier = "XX",
                                    Identification = q.ProviderNpi,
                                },
                                Subscribers = [member],
                            },
                        ],
                },
            ],
        };
    }
}

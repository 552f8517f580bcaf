using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Integrations.Eligibility;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;
using PatientAccess.X12.ServiceReview;

namespace PatientAccess.Integrations.PriorAuth;

/// <summary>
/// X12 278 (005010X217) through the clearinghouse over the same CAQH CORE envelope as the 270/271
/// (PayloadType X12_278_Request_005010X217E1_2). The answer is a 278 response (HCR per service level), a 999 (the
/// clearinghouse could not accept the 278: permanent) or a 278 with AAA (a data problem: rejected). An inquiry sends
/// the same request again (same TRN): the payer answers with the current state. A cancel sends UM02 3.
/// </summary>
public sealed class X12ServiceReviewGateway(
    HttpClient client,
    IOptions<ClearinghouseOptions> clearinghouse,
    IOptions<PriorAuthOptions> options,
    TimeProvider time,
    ILogger<X12ServiceReviewGateway> logger)
{
    public Task<AuthorizationResponse> SubmitAsync(AuthorizationRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, "Submit", cancellationToken);

    public Task<AuthorizationResponse> InquireAsync(AuthorizationRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, "Inquire", cancellationToken);

    public Task<AuthorizationResponse> CancelAsync(AuthorizationRequest request, CancellationToken cancellationToken) =>
        SendAsync(request with { Certification = CertificationType.Cancel }, "Cancel", cancellationToken);

    private async Task<AuthorizationResponse> SendAsync(AuthorizationRequest request, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var ch = clearinghouse.Value;
        var now = time.GetUtcNow();
        var control = RandomNumberGenerator.GetInt32(1, 999_999_999).ToString("D9", CultureInfo.InvariantCulture);
        var x12 = ServiceReviewWriter.WriteInterchange(
            X12ServiceReviewMapping.ToRequest(request, options.Value, control[^4..], now),
            new X12InterchangeEnvelope { SenderId = ch.SenderId, ReceiverId = ch.ReceiverId, Timestamp = now, ControlNumber = control, UsageIndicator = ch.UsageIndicator },
            groupControlNumber: control.TrimStart('0'));
        using var message = new HttpRequestMessage(HttpMethod.Post, ch.CorePath)
        {
            Content = CoreEnvelope.Request(x12, Guid.NewGuid().ToString(), now, ch.SenderId, ch.ReceiverId, CoreEnvelope.Request278),
        };
        ClearinghouseHttp.Authorize(message, ch);
        if (operation != "Inquire") SubmissionRetry.Mark(message);
        try
        {
            var (response, body) = await ClearinghouseHttp.SendAsync(client, message, null, cancellationToken);
            using (response)
            {
                var fields = CoreEnvelope.ReadFields(response.Content.Headers.ContentType, body)
                    ?? throw new PermanentDependencyException(ClearinghouseHttp.Dependency, "the answer is not a CORE multipart envelope");
                var payload = Encoding.UTF8.GetBytes(fields.GetValueOrDefault("Payload") ?? string.Empty);
                var result = fields.GetValueOrDefault("PayloadType") switch
                {
                    CoreEnvelope.Response278 => X12ServiceReviewMapping.ToResponse(request, Read278(payload), payload),
                    CoreEnvelope.Response999 => throw new PermanentDependencyException(ClearinghouseHttp.Dependency, "the clearinghouse rejected the 278 (999)"),
                    var other => throw new PermanentDependencyException(ClearinghouseHttp.Dependency, $"CORE envelope {other ?? "without PayloadType"}, error code {fields.GetValueOrDefault("ErrorCode") ?? "none"}"),
                };
                PriorAuthLog.Answered(logger, PriorAuthProtocol.X12, operation, string.Join(",", result.Items.Select(i => i.Decision)), (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return result;
            }
        }
        catch (TransientDependencyException e)
        {
            PriorAuthLog.Transient(logger, PriorAuthProtocol.X12, operation, e.Message, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (PermanentDependencyException e)
        {
            PriorAuthLog.Refused(logger, PriorAuthProtocol.X12, operation, e.Message);
            throw;
        }
    }

    private static ServiceReview278 Read278(byte[] payload)
    {
        try
        {
            var review = ServiceReviewReader.Read(payload);
            return review.IsRequest ? throw new PermanentDependencyException(ClearinghouseHttp.Dependency, "the payload is a 278 request, not a response") : review;
        }
        catch (X12ParseException e)
        {
            throw new PermanentDependencyException(ClearinghouseHttp.Dependency, "the 278 could not be read: " + e.Message, e);
        }
    }
}

/// <summary>Between the domain's request/response and the 278 model (pure).</summary>
public static class X12ServiceReviewMapping
{
    /// <summary>
    /// The 278 request: 2000A UMO (X3, payer id), 2000B requester (1P, NPI, PRV), 2000C subscriber (IL, member id, DMG),
    /// 2000D patient when a dependent, 2000E event (TRN with the submission id, UM with category HS, certification I or 3,
    /// HI diagnoses, the facility FA with N3/N4 and the rendering provider SJ), 2000F per line (TRN submission-line, UM
    /// with service type and place of service, DTP 472 dates, SV1 with the code and units).
    /// </summary>
    public static ServiceReview278 ToRequest(AuthorizationRequest r, PriorAuthOptions options, string controlNumber, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(options);
        var certification = r.Certification == CertificationType.Cancel ? "3" : "I";
        var levels = new List<ReviewLevel>
        {
            new() { Id = "1", LevelCode = ReviewLevelCodes.Umo, Parties = [new X12Party { EntityIdentifierCode = "X3", EntityTypeQualifier = "2", LastOrOrganizationName = Upper(r.PayerName ?? r.PayerId), IdentificationQualifier = "PI", Identification = r.PayerId }] },
            new() { Id = "2", ParentId = "1", LevelCode = ReviewLevelCodes.Requester, Parties = [Provider("1P", r.Requester, "AT")] },
        };
        var patient = new X12Party
        {
            EntityIdentifierCode = r.PatientIsSubscriber ? "IL" : "QC",
            LastOrOrganizationName = Upper(r.Patient.Name.Family),
            FirstName = Upper(r.Patient.Name.Given),
            IdentificationQualifier = r.PatientIsSubscriber ? "MI" : null,
            Identification = r.PatientIsSubscriber ? r.MemberId : null,
            Demographics = new Demographics("D8", r.Patient.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                r.Patient.Sex switch { Domain.Registrations.AdministrativeSex.Female => "F", Domain.Registrations.AdministrativeSex.Male => "M", _ => "U" }),
        };
        string eventParent;
        if (r.PatientIsSubscriber)
        {
            levels.Add(new ReviewLevel { Id = "3", ParentId = "2", LevelCode = ReviewLevelCodes.Subscriber, Parties = [patient] });
            eventParent = "3";
        }
        else
        {
            levels.Add(new ReviewLevel { Id = "3", ParentId = "2", LevelCode = ReviewLevelCodes.Subscriber, Parties = [new X12Party { EntityIdentifierCode = "IL", LastOrOrganizationName = "UNKNOWN", IdentificationQualifier = "MI", Identification = r.MemberId }] });
            levels.Add(new ReviewLevel { Id = "4", ParentId = "3", LevelCode = ReviewLevelCodes.Dependent, Parties = [patient with { IdentificationQualifier = null, Identification = null }] });
            eventParent = "4";
        }
        var eventId = (levels.Count + 1).ToString(CultureInfo.InvariantCulture);
        var eventParties = new List<X12Party> { Provider("FA", r.Facility, null) };
        if (r.Rendering is { } rendering) eventParties.Add(Provider("SJ", rendering, "PE"));
        levels.Add(new ReviewLevel
        {
            Id = eventId,
            ParentId = eventParent,
            LevelCode = ReviewLevelCodes.PatientEvent,
            Traces = [new TraceNumber("1", r.SubmissionId, options.TraceOriginator)],
            Utilization = new UtilizationManagement("HS", certification, r.Lines[0].ServiceTypeCode, r.Lines[0].PlaceOfService, "B",
                r.Urgency == AuthorizationUrgency.Expedited ? "U" : null),
            References = r.PayerReference is null ? [] : [new ReferenceNumber("NT", r.PayerReference)],
            Dates = [DateReference.Between("AAH", r.Lines.Min(l => l.From), r.Lines.Max(l => l.To))],
            Diagnoses = [.. r.DiagnosisCodes.Take(12).Select((d, i) => new DiagnosisCode(i == 0 ? "ABK" : "ABF", d.Replace(".", string.Empty, StringComparison.Ordinal).ToUpperInvariant()))],
            Parties = eventParties,
        });
        var next = levels.Count + 1;
        foreach (var line in r.Lines)
        {
            levels.Add(new ReviewLevel
            {
                Id = (next++).ToString(CultureInfo.InvariantCulture),
                ParentId = eventId,
                LevelCode = ReviewLevelCodes.Service,
                Traces = [new TraceNumber("1", r.SubmissionId + "-" + line.LineKey, options.TraceOriginator)],
                Utilization = new UtilizationManagement("HS", certification, line.ServiceTypeCode, line.PlaceOfService, "B"),
                Dates = [line.From == line.To ? DateReference.OnDate("472", line.From) : DateReference.Between("472", line.From, line.To)],
                Professional = new ProfessionalService(new ServiceProcedure("HC", line.Code.Value, []), null, "UN", line.Units),
            });
        }
        return new ServiceReview278
        {
            ControlNumber = controlNumber,
            PurposeCode = r.Certification == CertificationType.Cancel ? "01" : "13",
            ReferenceId = r.SubmissionId,
            Date = now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            Time = now.UtcDateTime.ToString("HHmm", CultureInfo.InvariantCulture),
            Levels = levels,
        };
    }

    /// <summary>
    /// The decisions of a 278 response: one per service level (SS) in order, each from its HCR (or the event's when the
    /// service has none); with no service levels, the event's decision for every line. AAA anywhere means the request
    /// was refused as data.
    /// </summary>
    public static AuthorizationResponse ToResponse(AuthorizationRequest request, ServiceReview278 review, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(review);
        var errors = review.Errors.ToList();
        if (errors.Count > 0)
        {
            throw new AuthorizationRequestRejectedException(ClearinghouseHttp.Dependency,
                [.. errors.Select(e => $"AAA {e.RejectReasonCode} {e.Description}" + (e.FollowUpActionCode is null ? string.Empty : $" (follow-up {e.FollowUpActionCode})"))]);
        }
        var ev = review.Levels.FirstOrDefault(l => l.LevelCode == ReviewLevelCodes.PatientEvent);
        var items = Items(review, request.Lines.Count);
        var reference = ev?.References.FirstOrDefault(r => r.Qualifier == "NT")?.Value ?? ev?.CertificationNumber ?? request.PayerReference;
        return new AuthorizationResponse(request.SubmissionId, reference, items, payload, "x12");
    }

    /// <summary>
    /// The decision per service level (SS) in order, each from its HCR or else the event's; with no service levels, the
    /// event's decision repeated for <paramref name="lines"/> items (at least one).
    /// </summary>
    public static IReadOnlyList<ItemDecision> Items(ServiceReview278 review, int lines = 1)
    {
        ArgumentNullException.ThrowIfNull(review);
        var ev = review.Levels.FirstOrDefault(l => l.LevelCode == ReviewLevelCodes.PatientEvent);
        var services = review.Services.ToList();
        var count = services.Count > 0 ? services.Count : Math.Max(1, lines);
        return [.. Enumerable.Range(0, count).Select(i => Decision(i + 1, i < services.Count ? services[i] : null, ev))];
    }

    private static ItemDecision Decision(int sequence, ReviewLevel? service, ReviewLevel? ev)
    {
        var decided = service?.Certification is not null ? service : ev;
        var code = decided?.ActionCode;
        var (from, to) = decided?.CertifiedPeriod ?? (null, null);
        var reasons = decided?.DecisionReasonCode is { } reason ? new List<DecisionReason> { new(reason, "https://codesystem.x12.org/005010/306") } : [];
        return new ItemDecision(
            sequence,
            service?.ProcedureCode,
            code is null ? AuthorizationDecisionKind.Error : ReviewActions.ToDecision(code),
            code,
            decided?.CertificationNumber,
            from,
            to,
            service?.Units,
            reasons,
            decided?.References.FirstOrDefault(r => r.Qualifier == "NT")?.Value);
    }

    private static X12Party Provider(string entity, AuthorizationProvider p, string? providerCode) => new()
    {
        EntityIdentifierCode = entity,
        EntityTypeQualifier = p.IsOrganization ? "2" : "1",
        LastOrOrganizationName = Upper(p.IsOrganization ? p.Name : p.Name.Split(' ').Last()),
        FirstName = p.IsOrganization ? null : Upper(p.Name.Split(' ').First()),
        IdentificationQualifier = "XX",
        Identification = p.Npi.Value,
        Address = p.Address is { } a ? new X12.Eligibility.PostalAddress { Line1 = Upper(a.Line1), Line2 = a.Line2 is null ? null : Upper(a.Line2), City = Upper(a.City), State = a.State, PostalCode = a.PostalCode.Replace("-", string.Empty, StringComparison.Ordinal) } : null,
        Provider = providerCode is not null && p.TaxonomyCode is not null ? new ProviderInformation(providerCode, "PXC", p.TaxonomyCode) : null,
    };

    /// <summary>X12 names: upper case, and none of the delimiters (X12 has no escape).</summary>
    private static string Upper(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value.ToUpperInvariant())
        {
            sb.Append(c is '*' or '~' or ':' or '^' or '\r' or '\n' ? ' ' : c);
        }
        return sb.ToString().Trim();
    }
}

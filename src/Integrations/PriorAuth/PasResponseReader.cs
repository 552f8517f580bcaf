using System.Globalization;
using Hl7.Fhir.Model;
using PatientAccess.Domain.PriorAuth;

namespace PatientAccess.Integrations.PriorAuth;

/// <summary>One item of a PAS answer as read, with the service code it names (for the CLI and the sandbox).</summary>
public sealed record PasReading(string? SubmissionId, string? PayerReference, IReadOnlyList<ItemDecision> Items, string? Outcome, string? Disposition);

/// <summary>
/// Reads Da Vinci PAS answers: a response Bundle (ClaimResponse first), a Parameters wrapping one (the operation's
/// "return"), an $inquire response, a bare ClaimResponse, or a notification bundle carrying one. Per item: the
/// reviewAction extension (code A1/A2/A3/A4/A6/C/CT/NA, number, reason codes), preAuthPeriod, the authorized detail's
/// quantity and code, the administration reference number. Older responses that carry only ClaimResponse.outcome and
/// disposition are read by those.
/// </summary>
public static class PasResponseReader
{
    /// <summary>The ClaimResponse(s) in a resource of any of the shapes above; empty when there is none.</summary>
    public static IReadOnlyList<ClaimResponse> ClaimResponses(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource switch
        {
            ClaimResponse single => [single],
            Bundle bundle => [.. bundle.Entry.Select(e => e.Resource).SelectMany(r => r is null ? [] : ClaimResponses(r))],
            Parameters parameters => [.. parameters.Parameter.Where(p => p.Resource is not null).SelectMany(p => ClaimResponses(p.Resource!))],
            _ => [],
        };
    }

    /// <summary>The first ClaimResponse's reading, or null when <paramref name="resource"/> holds none.</summary>
    public static PasReading? Read(Resource resource)
    {
        var responses = ClaimResponses(resource);
        return responses.Count == 0 ? null : Read(responses[0]);
    }

    public static PasReading Read(ClaimResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var outcome = response.Outcome is { } processing ? Hl7.Fhir.Utility.EnumUtility.GetLiteral(processing) : null;
        var items = new List<ItemDecision>();
        foreach (var item in response.Item)
        {
            items.Add(ReadItem(item.ItemSequence ?? items.Count + 1, item.Extension, item.Adjudication, response, outcome));
        }
        foreach (var added in response.AddItem)
        {
            var sequence = added.ItemSequence.FirstOrDefault() ?? items.Count + 1;
            var code = added.ProductOrService?.Coding.FirstOrDefault()?.Code;
            var decision = ReadItem(sequence, added.Extension, added.Adjudication, response, outcome);
            items.Add(decision with { ServiceCode = decision.ServiceCode ?? code, ApprovedUnits = decision.ApprovedUnits ?? added.Quantity?.Value });
        }
        if (items.Count == 0)
        {
            // An older response, or an error without items: the outcome, disposition and errors speak for the whole request.
            var kind = response.Error.Count > 0 ? AuthorizationDecisionKind.Error : ReviewActions.FromOutcome(outcome, response.Disposition);
            var reasons = response.Error.Select(e => Reason(e.Code)).Where(r => r is not null).Select(r => r!).ToList();
            var (from, to) = Dates(response.PreAuthPeriod);
            items.Add(new ItemDecision(1, null, kind, null, response.PreAuthRef, from, to, null, reasons));
        }
        return new PasReading(
            response.Request?.Identifier?.Value ?? response.Identifier.FirstOrDefault()?.Value,
            response.Id ?? response.PreAuthRef,
            items,
            outcome,
            response.Disposition);
    }

    private static ItemDecision ReadItem(int sequence, List<Extension> extensions, List<ClaimResponse.AdjudicationComponent> adjudications, ClaimResponse response, string? outcome)
    {
        var review = adjudications.SelectMany(a => a.Extension).FirstOrDefault(e => e.Url == PasProfiles.ReviewAction);
        var code = review is null ? null : Sub(review, PasProfiles.ReviewActionCode, "code") as CodeableConcept;
        var actionCode = code?.Coding.FirstOrDefault()?.Code;
        var number = (review is null ? null : Sub(review, "number") as FhirString)?.Value;
        var reasons = review?.Extension.Where(e => e.Url == "reasonCode").Select(e => Reason(e.Value as CodeableConcept)).Where(r => r is not null).Select(r => r!).ToList() ?? [];
        var kind = actionCode is not null ? ReviewActions.ToDecision(actionCode) : ReviewActions.FromOutcome(outcome, response.Disposition);

        var authorization = number
            ?? (extensions.FirstOrDefault(e => e.Url == PasProfiles.AuthorizationNumber)?.Value as FhirString)?.Value
            ?? (kind is AuthorizationDecisionKind.Approved or AuthorizationDecisionKind.Modified ? response.PreAuthRef : null);
        var tracking = (extensions.FirstOrDefault(e => e.Url == PasProfiles.AdministrationReferenceNumber)?.Value as FhirString)?.Value;
        var period = extensions.FirstOrDefault(e => e.Url == PasProfiles.ItemPreAuthPeriod)?.Value as Period ?? response.PreAuthPeriod;
        var (from, to) = Dates(period);
        var detail = extensions.FirstOrDefault(e => e.Url == PasProfiles.ItemAuthorizedDetail);
        var units = (detail is null ? null : Sub(detail, "quantity") as Quantity)?.Value;
        var serviceCode = (detail is null ? null : Sub(detail, "productOrServiceCode") as CodeableConcept)?.Coding.FirstOrDefault()?.Code;
        return new ItemDecision(sequence, serviceCode, kind, actionCode, authorization, from, to, units, reasons, tracking);
    }

    private static DataType? Sub(Extension parent, params string[] urls) =>
        parent.Extension.FirstOrDefault(e => urls.Contains(e.Url))?.Value;

    private static DecisionReason? Reason(CodeableConcept? concept) =>
        concept?.Coding.FirstOrDefault() is { Code: { Length: > 0 } code } coding ? new DecisionReason(code, coding.System, coding.Display) : null;

    private static (DateOnly? From, DateOnly? To) Dates(Period? period) => (Date(period?.Start), Date(period?.End));

    private static DateOnly? Date(string? text) =>
        text is { Length: >= 10 } && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>
    /// The issues of an OperationOutcome as codes and element paths only (issue code, and expression or location),
    /// never the diagnostics text: a payer may echo patient values there.
    /// </summary>
    public static IReadOnlyList<string> Issues(OperationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return PasJson.TryNavigate(() => outcome.Issue.Select(i =>
        {
            var where = i.Expression.FirstOrDefault() ?? i.Location.FirstOrDefault();
            var detail = i.Details?.Coding.FirstOrDefault()?.Code;
            return $"{(i.Severity is { } severity ? Hl7.Fhir.Utility.EnumUtility.GetLiteral(severity) : "issue")} {(i.Code is { } code ? Hl7.Fhir.Utility.EnumUtility.GetLiteral(code) : "unknown")}" +
                   (detail is null ? string.Empty : $" ({detail})") + (where is null ? string.Empty : $" at {where}");
        }).ToList(), out var issues, out var shape) ? issues : [$"an OperationOutcome with {shape}"];
    }
}

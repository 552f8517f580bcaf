using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using PatientAccess.Integrations.PriorAuth;

namespace PatientAccess.PriorAuth.Tests.Infrastructure;

/// <summary>
/// The Firely validator over the base FHIR R4 specification (specification.zip, no terminology server). Declared PAS
/// profiles are removed from a copy before validating: the IG's package cannot be loaded here, so what is checked is
/// base R4 (cardinalities, types, invariants, required bindings).
/// </summary>
public static class FhirValidation
{
    private static readonly Lazy<Validator> Shared = new(() =>
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(resolver, LocalTerminologyService.CreateDefaultForCore(resolver));
    });

    /// <summary>Errors and fatal issues as text (severity, code, location, message).</summary>
    public static IReadOnlyList<string> Errors(Resource resource)
    {
        var copy = (Resource)resource.DeepCopy();
        StripProfiles(copy);
        var outcome = Shared.Value.Validate(copy);
        return [.. outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{i.Severity} {i.Code} at {string.Join(",", i.Expression)}: {i.Details?.Text ?? i.Diagnostics}")];
    }

    private static void StripProfiles(Resource resource)
    {
        if (resource.Meta is not null)
        {
            resource.Meta.ProfileElement.Clear();
            if (!resource.Meta.EnumerateElements().Any()) resource.Meta = null;
        }
        if (resource is Bundle bundle)
        {
            foreach (var entry in bundle.Entry)
            {
                if (entry.Resource is not null) StripProfiles(entry.Resource);
            }
        }
        if (resource is Parameters parameters)
        {
            foreach (var p in parameters.Parameter.Where(p => p.Resource is not null)) StripProfiles(p.Resource!);
        }
    }

    public static Resource Parse(string json) => PasJson.TryParse(json, out var problem) ?? throw new InvalidDataException(problem);
}

using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace PatientAccess.Integrations.PriorAuth;

/// <summary>FHIR R4 JSON with the Firely SDK: one set of options for writing and one tolerant reader for what payers send.</summary>
public static class PasJson
{
    private static readonly JsonSerializerOptions Writer = new JsonSerializerOptions().ForFhir().Pretty();

    // Recoverable: unknown elements and small format slips in a payer's answer do not lose the decision.
    private static readonly JsonSerializerOptions Reader = new JsonSerializerOptions().ForFhir().UsingMode(DeserializationMode.Recoverable);

    public const string MediaType = "application/fhir+json";

    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, resource.GetType(), Writer);

    /// <summary>The resource in <paramref name="json"/>, or null when it is not FHIR JSON at all. Messages never carry the content.</summary>
    public static Resource? TryParse(ReadOnlySpan<byte> json, out string? problem)
    {
        problem = null;
        try
        {
            return JsonSerializer.Deserialize<Resource>(json, Reader);
        }
        catch (DeserializationFailedException e) when (e.PartialResult is Resource partial)
        {
            return partial;
        }
        catch (DeserializationFailedException e)
        {
            problem = $"not a FHIR resource ({e.Exceptions.Count} problem(s))";
            return null;
        }
        catch (JsonException e)
        {
            problem = $"not JSON (line {e.LineNumber + 1})";
            return null;
        }
    }

    public static Resource? TryParse(string json, out string? problem) => TryParse(Encoding.UTF8.GetBytes(json), out problem);
}

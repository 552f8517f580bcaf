using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;

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
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // Firely's deserializer throws these, not a JsonException, for JSON it cannot place at all (a root that is
            // not an object, an object without resourceType where a resource belongs, a property repeated with values
            // of different shapes), as PasNotificationReaderTests' property found.
            problem = "not a FHIR resource (JSON of the wrong shape)";
            return null;
        }
    }

    /// <summary>
    /// Runs <paramref name="read"/> over a resource <see cref="TryParse(ReadOnlySpan{byte}, out string?)"/> returned. In
    /// recoverable mode Firely keeps a value of the wrong shape (an array where one element belongs, a string where an
    /// object does) in the resource's overflow, and the property's getter throws <see cref="CodedValidationException"/>
    /// when it meets it: then this is false, with the error code only in <paramref name="problem"/>.
    /// </summary>
    public static bool TryNavigate<T>(Func<T> read, [MaybeNullWhen(false)] out T result, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            result = read();
            problem = null;
            return true;
        }
        catch (CodedValidationException e)
        {
            result = default;
            problem = $"an element of the wrong shape ({e.ErrorCode})";
            return false;
        }
    }

    public static Resource? TryParse(string json, out string? problem) => TryParse(Encoding.UTF8.GetBytes(json), out problem);
}

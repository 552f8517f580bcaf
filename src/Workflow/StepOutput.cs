using System.Text.Json;
using System.Text.Json.Serialization;

namespace PatientAccess.Workflow;

/// <summary>
/// Step keys and the outputs recorded under them (<see cref="Domain.Registrations.CompletedStep"/>). A step key is the
/// orchestration instance id and the step's name: instance ids are unique per registration (the clearance's comes from
/// the registration, a re-check's from the visit, an eligibility round's from its parent and the round) and step names
/// are unique within an instance, so the key names one piece of work for the registration's whole life.
/// </summary>
public static class StepOutput
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary><c>{instanceId}/{step}</c>.</summary>
    public static string Key(string instanceId, string step)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        return $"{instanceId}/{step}";
    }

    /// <summary>The output as it is kept on the registration: codes and plain words, never PHI.</summary>
    public static string Write<T>(T output) => JsonSerializer.Serialize(output, Options);

    public static T Read<T>(string recorded) =>
        JsonSerializer.Deserialize<T>(recorded, Options) ?? throw new InvalidDataException("A recorded step output is empty.");
}

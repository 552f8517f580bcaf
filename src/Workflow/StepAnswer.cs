using System.Text.Json;
using System.Text.Json.Serialization;

namespace PatientAccess.Workflow;

/// <summary>
/// What a clearance activity answers: the step it ran for and its output (written as <see cref="StepOutput"/> does),
/// so the orchestration can tell its own step's answer from a stray one. A stray is the answer of a message sent by an
/// episode whose history was never saved (the Azure Storage backend sends an episode's messages before it writes its
/// history; a process killed in between leaves them behind). When the episode runs again it may take another branch
/// (an event arrived meanwhile) and schedule another step under the same task id, which the stray's answer then
/// completes. <see cref="Clearance.ClearanceSteps"/> discards a stray and asks its step again
/// (docs/decisions/0008-durable-steps.md).
/// </summary>
/// <param name="Step">The step name the activity ran for; null when the answer is not a step answer at all (a timer's
/// or a child orchestration's completion matched to the task id).</param>
/// <param name="Output">The output as JSON text (<see cref="StepOutput.Write{T}"/>).</param>
/// <param name="Refused">A stage change whose sequence number was not newer than the registration's: nothing changed.
/// When the orchestration is still at that step, a stray's effect took its number and the step is asked again.</param>
[JsonConverter(typeof(StepAnswerJsonConverter))]
public sealed record StepAnswer(string? Step, string Output, bool Refused = false)
{
    public static StepAnswer For<T>(string step, T output, bool refused = false) => new(step, StepOutput.Write(output), refused);

    public T Read<T>() => StepOutput.Read<T>(Output);

    /// <summary>True when this answers <paramref name="step"/>.</summary>
    public bool Answers(string step) => string.Equals(Step, step, StringComparison.Ordinal);
}

/// <summary>
/// Reads any JSON as a <see cref="StepAnswer"/>: an answer of another shape (a timer's or a child's completion matched
/// to the task id) becomes an answer without a step instead of failing the orchestration on deserialization.
/// </summary>
public sealed class StepAnswerJsonConverter : JsonConverter<StepAnswer>
{
    /// <summary>A JSON null (a completion without a result) is read here too: an answer of no step.</summary>
    public override bool HandleNull => true;

    public override StepAnswer Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object
            && Property(root, "step") is { ValueKind: JsonValueKind.String } step
            && Property(root, "output") is { ValueKind: JsonValueKind.String } output)
        {
            var refused = Property(root, "refused") is { ValueKind: JsonValueKind.True };
            return new StepAnswer(step.GetString(), output.GetString()!, refused);
        }
        return new StepAnswer(null, root.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, StepAnswer value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString("step", value.Step);
        writer.WriteString("output", value.Output);
        if (value.Refused) writer.WriteBoolean("refused", true);
        writer.WriteEndObject();
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        }
        return null;
    }
}

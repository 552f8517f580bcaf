using Microsoft.DurableTask.Converters;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Eligibility;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// The activities' answer envelope through the Durable SDK's own data converter: a step answer round-trips, and
/// whatever else the engine may match to an activity's task id (a timer's completion, a child's output) reads as an
/// answer of no step instead of failing the orchestration or passing as the step's output.
/// </summary>
public class StepAnswerTests
{
    private static readonly JsonDataConverter Converter = JsonDataConverter.Default;

    [Fact]
    public void Deserialize_StepAnswer_RoundTripsStepOutputAndRefusal()
    {
        var answer = StepAnswer.For("card-received-1", ClearanceStage.CardReceived, refused: true);

        var read = Converter.Deserialize<StepAnswer>(Converter.Serialize(answer))!;

        Assert.True(read.Answers("card-received-1"));
        Assert.True(read.Refused);
        Assert.Equal(ClearanceStage.CardReceived, read.Read<ClearanceStage>());
    }

    [Theory]
    [InlineData("5")]
    [InlineData("null")]
    [InlineData("\"wi-0123\"")]
    [InlineData("{\"step\":3,\"output\":\"x\"}")]
    public void Deserialize_NotAStepAnswer_AnswersNoStep(string json)
    {
        var read = Converter.Deserialize<StepAnswer>(json)!;

        Assert.Null(read.Step);
        Assert.False(read.Answers("card-received-1"));
    }

    [Fact]
    public void Deserialize_ChildOutcome_AnswersNoStep()
    {
        var outcome = new EligibilityOutcome("r", EligibilityOutcomeStatus.Verified, null, null, "coverage-active", "e", "a", 1, false, null);

        var read = Converter.Deserialize<StepAnswer>(Converter.Serialize(outcome))!;

        Assert.Null(read.Step);
    }
}

using System.Text.Json.Nodes;
using PatientAccess.Cli.Demo;

namespace PatientAccess.LocalHost.Tests;

/// <summary>
/// The bundled sample registration (samples/eligibility/01-active.json, the payer sandbox's active PPO member) as these
/// tests send it: its visit resolved from today as the demo client does ("in 10 days at 09:30" clinic time), and without
/// the patient's time zone, so the clinic's zone that <see cref="LocalHostProcess.PinnedClinic"/> pins decides quiet hours.
/// </summary>
internal static class TestRegistrations
{
    private static readonly string Sample = File.ReadAllText(Path.Combine(LocalHostProcess.RepoRoot(), "samples", "eligibility", "01-active.json"));

    public static string ActivePatient(Action<JsonNode>? change = null)
    {
        var node = JsonNode.Parse(SampleRegistration.Resolve(Sample, DateTimeOffset.UtcNow))!;
        node["patient"]!.AsObject().Remove("timeZone");
        change?.Invoke(node);
        return node.ToJsonString();
    }
}

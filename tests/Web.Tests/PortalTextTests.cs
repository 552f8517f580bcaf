using System.Text.RegularExpressions;
using PatientAccess.Domain.Registrations;
using PatientAccess.LocalHost.Tests;
using PatientAccess.Workflow.Portal;

namespace PatientAccess.Web.Tests;

/// <summary>
/// The patient page's words for every state and task the server can send, in both languages: a missing key shows the
/// patient the key itself (it did: the task ConfirmInsurance had its words under another name).
/// </summary>
public sealed class PortalTextTests
{
    private static readonly string Script = File.ReadAllText(Path.Combine(LocalHostProcess.RepoRoot(), "src", "Api", "wwwroot", "assets", "portal.js"));

    public static TheoryData<string> Keys => new(
        Enum.GetNames<PatientTask>().Select(t => "stateAction" + t)
            .Concat(Enum.GetNames<PortalState>().Where(s => s != nameof(PortalState.ActionNeeded)).Select(s => "state" + s)));

    [Theory]
    [MemberData(nameof(Keys))]
    public void PortalScript_EveryStateAndTask_HasWordsInEnglishAndSpanish(string key) =>
        Assert.Equal(2, Regex.Count(Script, $@"\b{key}:\s*"""));
}

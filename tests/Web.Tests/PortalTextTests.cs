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

    /// <summary>The words of "Ask a question" (every question* key the script has), in both languages, and every one the script uses is there.</summary>
    [Fact]
    public void PortalScript_QuestionTexts_HaveWordsInEnglishAndSpanish()
    {
        var keys = Regex.Matches(Script, @"\b(questions?[A-Z]\w*):\s*""").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(keys.Count >= 12, $"found only {keys.Count} question keys");
        foreach (var key in keys)
        {
            Assert.True(Regex.Count(Script, $@"\b{key}:\s*""") == 2, $"{key} is not in both languages");
        }
        foreach (var used in Regex.Matches(Script, @"t\(""(questions?[A-Z]\w*)""\)").Select(m => m.Groups[1].Value).Distinct())
        {
            Assert.Contains(used, keys);
        }
    }
}

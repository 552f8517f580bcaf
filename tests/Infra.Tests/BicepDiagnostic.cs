using System.Text.RegularExpressions;

namespace PatientAccess.Infra.Tests;

/// <summary>One diagnostic line of the Bicep CLI: path(line,col) : Level code: message.</summary>
public sealed partial record BicepDiagnostic(string File, int Line, string Level, string Code, string Message)
{
    public override string ToString() => $"{File}({Line}) {Level} {Code}: {Message}";

    /// <summary>
    /// Parses the CLI's default diagnostics output. A non-empty line that is not a diagnostic is
    /// returned as one too (level Unparsed), so nothing printed can slip through unnoticed.
    /// </summary>
    public static IReadOnlyList<BicepDiagnostic> Parse(string output)
    {
        var diagnostics = new List<BicepDiagnostic>();
        foreach (var rawLine in output.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var match = DiagnosticLine().Match(line);
            diagnostics.Add(match.Success
                ? new BicepDiagnostic(
                    Path.GetFullPath(match.Groups["file"].Value),
                    int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    match.Groups["level"].Value,
                    match.Groups["code"].Value,
                    match.Groups["message"].Value)
                : new BicepDiagnostic(string.Empty, 0, "Unparsed", string.Empty, line));
        }

        return diagnostics;
    }

    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),(?<col>\d+)\) : (?<level>Error|Warning|Info) (?<code>[^:]+): (?<message>.*)$")]
    private static partial Regex DiagnosticLine();
}

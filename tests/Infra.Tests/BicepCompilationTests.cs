namespace PatientAccess.Infra.Tests;

[Collection(CompiledInfraGroup.Name)]
public sealed class BicepCompilationTests(CompiledInfra infra)
{
    public static TheoryData<string> BicepFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Infra, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Infra, file).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void Build_AllFiles_ExitsZeroWithoutDiagnostics()
    {
        Assert.True(infra.Build.ExitCode == 0, infra.Build.ToString());
        Assert.Empty(infra.BuildDiagnostics);
    }

    [Fact]
    public void Lint_AllFiles_ExitsZeroWithoutDiagnostics()
    {
        // Warnings count: bicepconfig.json raises the linter rules to error, and any other line printed fails here.
        Assert.True(infra.Lint.ExitCode == 0, infra.Lint.ToString());
        Assert.Empty(infra.LintDiagnostics);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Build_EachFile_ProducesArmTemplate(string file)
    {
        Assert.True(infra.IsCompiled(file), $"{file} produced no ARM JSON: {infra.Build}");
        Assert.DoesNotContain(infra.BuildDiagnostics, d => d.File.EndsWith(file, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void EveryParameter_HasDescription(string file)
    {
        var missing = infra.Template(file).Parameters
            .Where(p => string.IsNullOrWhiteSpace(p.Value?["metadata"]?["description"]?.GetValue<string>()))
            .Select(p => p.Key)
            .ToList();

        Assert.True(missing.Count == 0, $"{file}: parameters without @description: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Modules_AreLocalFiles_NoRegistryReferences(string file)
    {
        // Tests and CI run offline; a 'br:' / 'ts:' module would need a registry.
        var text = File.ReadAllText(Path.Combine(RepoPaths.Infra, file));
        Assert.DoesNotContain("'br:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("'br/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("'ts:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("'ts/", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Suppressions_OnlyForWhatIfOfIdentityAssignments(string file)
    {
        // The one accepted suppression: role assignment names hold the app identity's object id,
        // a runtime value. Everything else the linter says must be fixed, not silenced.
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Infra, file));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            Assert.False(line.StartsWith("#disable-diagnostics", StringComparison.Ordinal), $"{file}:{i + 1} disables diagnostics");
            if (line.StartsWith("#disable-next-line", StringComparison.Ordinal))
            {
                Assert.Equal("#disable-next-line what-if-short-circuiting", line);
                Assert.Contains("principalId", lines[i + 1], StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void BicepConfig_EveryRuleThatIsOn_IsAnError()
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Infra, "bicepconfig.json")))!;
        var rules = config["analyzers"]!["core"]!["rules"]!.AsObject();
        Assert.True(config["analyzers"]!["core"]!["enabled"]!.GetValue<bool>());
        Assert.NotEmpty(rules);
        foreach (var (rule, setting) in rules)
        {
            var level = setting!["level"]!.GetValue<string>();
            // Only the date-dependent API version rule may be off: it would make the check flaky over time.
            Assert.True(level == "error" || (level == "off" && rule == "use-recent-api-versions"), $"{rule} is {level}");
        }
    }

    [Fact]
    public void Lint_WarningAsErrorConfig_FailsOnAnUnusedParameter()
    {
        // Proof that the lint step can fail: the same config over a file with an unused parameter.
        var dir = Directory.CreateTempSubdirectory("patientaccess-bicep-bad-").FullName;
        try
        {
            File.Copy(Path.Combine(RepoPaths.Infra, "bicepconfig.json"), Path.Combine(dir, "bicepconfig.json"));
            File.WriteAllText(Path.Combine(dir, "bad.bicep"), "@description('never used')\nparam unused string\n");

            var run = BicepCli.Run(dir, "lint", "bad.bicep", "--no-restore");

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains(BicepDiagnostic.Parse(run.StandardOutput + run.StandardError), d => d is { Code: "no-unused-params", Level: "Error" });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

using System.Text.Json.Nodes;

namespace PatientAccess.Infra.Tests;

/// <summary>
/// Builds and lints every .bicep file under infra/ once per test run (two CLI calls with --pattern),
/// and loads the compiled ARM JSON.
/// </summary>
public sealed class CompiledInfra : IDisposable
{
    private readonly string _outputDirectory;
    private readonly Dictionary<string, JsonObject> _templates = new(StringComparer.Ordinal);

    public CompiledInfra()
    {
        _outputDirectory = Directory.CreateTempSubdirectory("patientaccess-bicep-").FullName;
        BicepFiles = Directory.GetFiles(RepoPaths.Infra, "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Infra, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Build = BicepCli.Run(RepoPaths.Root, "build", "--pattern", "infra/**/*.bicep", "--outdir", _outputDirectory, "--no-restore");
        Lint = BicepCli.Run(RepoPaths.Root, "lint", "--pattern", "infra/**/*.bicep", "--no-restore");
        BuildDiagnostics = BicepDiagnostic.Parse(Build.StandardOutput + "\n" + Build.StandardError);
        LintDiagnostics = BicepDiagnostic.Parse(Lint.StandardOutput + "\n" + Lint.StandardError);

        foreach (var file in BicepFiles)
        {
            var compiled = Path.Combine(_outputDirectory, Path.ChangeExtension(file, ".json"));
            if (File.Exists(compiled))
            {
                _templates[file] = (JsonObject)JsonNode.Parse(File.ReadAllText(compiled))!;
            }
        }
    }

    /// <summary>Paths relative to infra/, with forward slashes (main.bicep, app/storage.bicep, ...).</summary>
    public IReadOnlyList<string> BicepFiles { get; }

    public BicepRun Build { get; }

    public BicepRun Lint { get; }

    public IReadOnlyList<BicepDiagnostic> BuildDiagnostics { get; }

    public IReadOnlyList<BicepDiagnostic> LintDiagnostics { get; }

    public bool IsCompiled(string bicepFile) => _templates.ContainsKey(bicepFile);

    /// <summary>The compiled ARM template of a .bicep file (relative to infra/).</summary>
    public ArmTemplate Template(string bicepFile) =>
        _templates.TryGetValue(bicepFile, out var template)
            ? new ArmTemplate(template)
            : throw new InvalidOperationException($"{bicepFile} was not compiled: {Build}");

    /// <summary>main.bicep compiled, with every module nested in it.</summary>
    public ArmTemplate Main => Template("main.bicep");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_outputDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CompiledInfraGroup : ICollectionFixture<CompiledInfra>
{
    public const string Name = "compiled infra";
}

using System.Diagnostics;
using System.Reflection;

namespace PatientAccess.Infra.Tests;

/// <summary>
/// Runs the Bicep CLI shipped in the NuGet package Azure.Bicep.CommandLine.linux-x64 (restored with
/// the test project; the csproj bakes the package folder into the assembly metadata). BICEP_PATH
/// overrides it. Nothing goes to the network: only local modules are used and every call passes
/// --no-restore.
/// </summary>
public static class BicepCli
{
    private static readonly Lazy<string> ExecutablePath = new(Locate);

    public static string Executable => ExecutablePath.Value;

    public static BicepRun Run(string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The CLI is a self-contained .NET app: keep it quiet and away from any update or telemetry check.
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["BICEP_TRACING_ENABLED"] = "false";

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("bicep did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("bicep " + string.Join(' ', arguments) + " did not finish in 3 minutes");
        }

        return new BicepRun(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("BICEP_PATH");
        string path;
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            path = fromEnvironment;
        }
        else
        {
            var packagePath = typeof(BicepCli).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "BicepPackagePath").Value;
            if (string.IsNullOrEmpty(packagePath))
            {
                throw new InvalidOperationException("The Azure.Bicep.CommandLine.linux-x64 package path is unknown; restore tests/Infra.Tests.");
            }

            path = Path.Combine(packagePath, "tools", "bicep");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The Bicep CLI was not found; restore tests/Infra.Tests or set BICEP_PATH.", path);
        }

        // NuGet extraction does not always keep the execute bit.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return path;
    }
}

public sealed record BicepRun(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() =>
        $"exit {ExitCode}{Environment.NewLine}{StandardOutput}{Environment.NewLine}{StandardError}";
}

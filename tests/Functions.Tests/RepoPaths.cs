using System.Reflection;

namespace PatientAccess.Functions.Tests;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>src/Functions' build output for the configuration these tests were built with (the test build builds it first).</summary>
    public static string FunctionsOutput
    {
        get
        {
            var configuration = typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            return Path.Combine(Root, "src", "Functions", "bin", configuration, "net10.0");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PatientAccess.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No PatientAccess.sln above {AppContext.BaseDirectory}.");
    }
}

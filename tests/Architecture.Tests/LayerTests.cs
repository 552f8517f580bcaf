using System.Reflection;

namespace PatientAccess.Architecture.Tests;

/// <summary>The layers of DESIGN.md, read from the compiled assemblies' references.</summary>
public class LayerTests
{
    private static readonly string[] AzureDurableHttpStorage =
        ["Azure.", "Microsoft.Azure.", "Microsoft.DurableTask", "DurableTask.", "Microsoft.AspNetCore", "Microsoft.Extensions.Http", "System.Net.Http", "Grpc", "Newtonsoft"];

    private static readonly string[] AzureSdkClients = ["Azure.", "Microsoft.Azure.Cosmos", "Microsoft.Azure.Storage", "Microsoft.Azure.DurableTask.AzureStorage", "DurableTask.AzureStorage"];

    private static IEnumerable<string> ReferencesOf(Assembly assembly) => assembly.GetReferencedAssemblies().Select(a => a.Name!);

    [Fact]
    public void Domain_ReferencesNoAzureDurableHttpOrStorageAssembly()
    {
        var domain = typeof(Domain.Registrations.Registration).Assembly;
        var offending = ReferencesOf(domain).Where(r => AzureDurableHttpStorage.Any(p => r.StartsWith(p, StringComparison.Ordinal))).ToList();
        Assert.Empty(offending);
        Assert.Contains("System.Runtime", ReferencesOf(domain)); // the check reads real references
    }

    [Fact]
    public void Workflow_ReferencesNoAzureSdkClient()
    {
        var workflow = typeof(Workflow.ClearanceRegistry).Assembly;
        var offending = ReferencesOf(workflow).Where(r => AzureSdkClients.Any(p => r.StartsWith(p, StringComparison.Ordinal))).ToList();
        Assert.Empty(offending);
        Assert.Contains(ReferencesOf(workflow), r => r.StartsWith("Microsoft.DurableTask", StringComparison.Ordinal));
    }

    [Fact]
    public void Api_ReferencesNoAzureSdkClient()
    {
        var api = typeof(Api.ApiRoutes).Assembly;
        Assert.DoesNotContain(ReferencesOf(api), r => AzureSdkClients.Any(p => r.StartsWith(p, StringComparison.Ordinal)));
    }

    [Fact]
    public void X12_DependsOnNothingButTheRuntime()
    {
        var x12 = Assembly.Load("PatientAccess.X12");
        var offending = ReferencesOf(x12).Where(r => !r.StartsWith("System", StringComparison.Ordinal) && r != "netstandard" && r != "mscorlib").ToList();
        Assert.Empty(offending);
    }

    [Fact]
    public void Domain_PortsTakeOnlyDomainTypesAndCancellationTokens()
    {
        var domain = typeof(Domain.Registrations.Registration).Assembly;
        var ports = domain.GetTypes().Where(t => t.IsInterface && t.IsPublic && t.Name.StartsWith('I') && t.Namespace!.Contains("Ports", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ports);
        foreach (var parameter in ports.SelectMany(p => p.GetMethods()).SelectMany(m => m.GetParameters()))
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            var ok = type.Assembly == domain || type == typeof(CancellationToken) || type.Namespace == "System" || type.Namespace?.StartsWith("System.Collections", StringComparison.Ordinal) == true || type == typeof(Stream);
            Assert.True(ok, $"{parameter.Member.DeclaringType!.Name}.{parameter.Member.Name}({parameter.Name}) takes {type.FullName}");
        }
    }

    [Fact]
    public void DomainAndWorkflow_NeverReadTheWallClock()
    {
        // Time comes in through TimeProvider or the orchestration context; DateTime.UtcNow makes rules untestable
        // and orchestrations non-deterministic.
        var root = FindRepoRoot();
        var offenders = new[] { "src/Domain", "src/Workflow" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("DateTime.UtcNow", StringComparison.Ordinal) || text.Contains("DateTime.Now", StringComparison.Ordinal) || text.Contains("DateTimeOffset.UtcNow", StringComparison.Ordinal) || text.Contains("DateTimeOffset.Now", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();
        Assert.Empty(offenders);
    }

    internal static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PatientAccess.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PatientAccess.sln not found.");
    }
}

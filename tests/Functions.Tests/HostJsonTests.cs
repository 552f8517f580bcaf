using System.Globalization;
using System.Text.Json;

namespace PatientAccess.Functions.Tests;

/// <summary>
/// The Durable extension's storage settings in host.json (docs/decisions/0008-durable-steps.md): a message held by a
/// worker that died comes back within a minute, not the default five, and still outlasts the lock renewal of the Durable
/// Task dispatchers (every 30 s at most), so a live worker never loses a message it is working on.
/// </summary>
public class HostJsonTests
{
    [Theory]
    [InlineData("controlQueueVisibilityTimeout")]
    [InlineData("workItemQueueVisibilityTimeout")]
    public void HostJson_QueueVisibilityTimeout_BackWithinAMinuteAndLongerThanTheRenewal(string setting)
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")));
        var provider = host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("storageProvider");

        var timeout = TimeSpan.Parse(provider.GetProperty(setting).GetString()!, CultureInfo.InvariantCulture);

        Assert.InRange(timeout, TimeSpan.FromSeconds(45), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void HostJson_RoutePrefix_EmptySoThePagesAndTheApiShareTheApp()
    {
        // The pages live at /portal/... and /console/...; API triggers carry api/ themselves (FunctionRoute.Api).
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")));

        Assert.Equal(string.Empty, host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }
}

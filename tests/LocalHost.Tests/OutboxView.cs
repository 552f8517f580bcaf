using System.Text.Json;

namespace PatientAccess.LocalHost.Tests;

/// <summary>Reading GET /api/outbox rows.</summary>
internal static class OutboxView
{
    /// <summary>
    /// A message the sweep and dispatcher are done with for now: sent (or otherwise final), or Pending with the reason
    /// it waits (quiet hours, a cap). A message just written is Pending without a reason until the dispatch right after
    /// sends or holds it; Sending is a claim in flight.
    /// </summary>
    public static bool IsSettled(JsonElement message) => message.GetProperty("status").GetString() switch
    {
        "Sending" => false,
        "Pending" => message.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String,
        _ => true,
    };
}

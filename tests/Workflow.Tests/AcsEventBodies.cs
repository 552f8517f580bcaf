using System.Text.Json;

namespace PatientAccess.Workflow.Tests;

/// <summary>Webhook bodies as ACS sends them through Event Grid (Event Grid schema), for the inbound tests.</summary>
public static class AcsEventBodies
{
    /// <summary>Our ACS number the patients text.</summary>
    public const string OurNumber = "+18335550100";

    /// <summary>One Microsoft.Communication.SMSReceived event: <paramref name="text"/> from <paramref name="from"/>, received at <paramref name="at"/>.</summary>
    public static string SmsReceived(string messageId, string from, string text, DateTimeOffset at) => JsonSerializer.Serialize(new[]
    {
        new
        {
            id = Guid.NewGuid().ToString(),
            topic = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
            subject = "/phonenumber/" + OurNumber[1..],
            eventType = "Microsoft.Communication.SMSReceived",
            data = new { messageId, from, to = OurNumber, message = text, receivedTimestamp = at.ToString("O") },
            eventTime = at.ToString("O"),
            dataVersion = "1",
            metadataVersion = "1",
        },
    });
}

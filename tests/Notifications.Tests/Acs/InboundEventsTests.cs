using PatientAccess.Domain.Common;
using PatientAccess.Integrations.Notifications;

namespace PatientAccess.Notifications.Tests.Acs;

public class InboundEventsTests
{
    [Fact]
    public void Parse_EventGridValidation_ReturnsTheCode()
    {
        const string body = """
            [{"id":"2d1781af-3a4c-4d7c-bd0c-e34b19da4e66","topic":"/subscriptions/x","subject":"","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6","validationUrl":"https://rp-eastus2.eventgrid.azure.net/..."},"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-06-10T15:00:00Z","metadataVersion":"1","dataVersion":"1"}]
            """;
        var e = Assert.IsType<AcsSubscriptionValidation>(Assert.Single(AcsInboundEvents.Parse(body)));
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", e.ValidationCode);
    }

    [Fact]
    public void Parse_EventGridSmsReceivedPascalCase_NormalisesNumbers()
    {
        const string body = """
            [{"id":"1","topic":"/subscriptions/x/providers/Microsoft.Communication/communicationServices/acs","subject":"/phonenumber/15555550100","data":{"MessageId":"Incoming_20260610150000-abc","From":"15555550123","To":"18005550100","Message":"  Stop! ","ReceivedTimestamp":"2026-06-10T15:00:00.32Z"},"eventType":"Microsoft.Communication.SMSReceived","dataVersion":"1.0","metadataVersion":"1","eventTime":"2026-06-10T15:00:01Z"}]
            """;
        var sms = Assert.IsType<AcsInboundSms>(Assert.Single(AcsInboundEvents.Parse(body)));
        Assert.Equal(("Incoming_20260610150000-abc", "+15555550123", "+18005550100", "  Stop! "), (sms.MessageId, sms.From, sms.To, sms.Message));
        Assert.Equal(new DateTimeOffset(2026, 6, 10, 15, 0, 0, 320, TimeSpan.Zero), sms.ReceivedAtUtc);
        Assert.Equal(PatientAccess.Domain.Notifications.InboundKeyword.OptOut, PatientAccess.Domain.Notifications.InboundKeywords.Classify(sms.Message));
        Assert.DoesNotContain("5555550123", sms.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Stop", sms.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CloudEventSingleCamelCaseAndDeliveryReport_AreRead()
    {
        const string single = """
            {"specversion":"1.0","type":"Microsoft.Communication.SMSReceived","source":"/subscriptions/x","id":"9","data":{"messageId":"Incoming_1","from":"+15555550123","to":"+18005550100","message":"HELP","receivedTimestamp":"2026-06-10T15:00:00Z"}}
            """;
        Assert.Equal("HELP", Assert.IsType<AcsInboundSms>(Assert.Single(AcsInboundEvents.Parse(single))).Message);

        const string report = """
            [{"specversion":"1.0","type":"Microsoft.Communication.SMSDeliveryReportReceived","source":"/x","id":"3","data":{"messageId":"Outgoing_1","from":"+18005550100","to":"+15555550123","deliveryStatus":"Delivered","deliveryStatusDetails":"No error."}}]
            """;
        var r = Assert.IsType<AcsSmsDeliveryReport>(Assert.Single(AcsInboundEvents.Parse(report)));
        Assert.Equal(("Outgoing_1", "Delivered"), (r.MessageId, r.DeliveryStatus));
    }

    [Fact]
    public void Parse_UnknownEventType_IsSkipped() =>
        Assert.Empty(AcsInboundEvents.Parse("""[{"eventType":"Microsoft.Communication.ChatMessageReceived","data":{}}]"""));

    [Theory]
    [InlineData("not json")]
    [InlineData("42")]
    [InlineData("""[{"data":{}}]""")]
    [InlineData("""[{"eventType":"Microsoft.Communication.SMSReceived"}]""")]
    [InlineData("""[{"eventType":"Microsoft.Communication.SMSReceived","data":{"messageId":"m","from":"abc","to":"+18005550100","message":"x"}}]""")]
    public void Parse_Malformed_IsAValidationErrorWithoutTheBody(string body)
    {
        var ex = Assert.Throws<ValidationException>(() => AcsInboundEvents.Parse(body));
        Assert.Equal("body", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void ReplySequence_SameMessageId_SameNonNegativeSequence()
    {
        var a = new AcsInboundSms("Incoming_1", "+15555550123", "+18005550100", "STOP", null);
        var b = a with { Message = "other" };
        var c = a with { MessageId = "Incoming_2" };
        Assert.Equal(a.ReplySequence, b.ReplySequence);
        Assert.NotEqual(a.ReplySequence, c.ReplySequence);
        Assert.True(a.ReplySequence >= 0);
    }
}

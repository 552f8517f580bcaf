using System.Text;
using CsCheck;
using PatientAccess.Domain.Common;
using PatientAccess.Integrations.PriorAuth;

namespace PatientAccess.PriorAuth.Tests.Adapters;

/// <summary>
/// The notification reader over whatever a caller holding a payer's secret can send: notification events, or a
/// validation error naming the field; never any other exception (which the endpoint would answer with a 5xx).
/// </summary>
public class PasNotificationReaderTests
{
    private static readonly PasNotificationReader Reader = new();

    private static Gen<string> OneOf(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.Const("null"), Gen.Const("true"), Gen.Const("1"), Gen.Const("-0.5e3"), Gen.Const("\"\""), Gen.Const("[]"), Gen.Const("{}"),
        Gen.String[0, 12].Select(s => System.Text.Json.JsonSerializer.Serialize(s)),
        OneOf("\"Bundle\"", "\"Parameters\"", "\"ClaimResponse\"", "\"ClaimResponse/x\"", "\"history\"", "\"urn:uuid:1\""));

    private static readonly Gen<string> Name = OneOf(
        "resourceType", "type", "entry", "resource", "fullUrl", "parameter", "part", "name", "valueReference", "reference",
        "valueString", "valueCode", "valueUnsignedInt", "valueInteger64", "notification-event", "event-number", "focus",
        "subscription", "id", "request", "item", "identifier", "outcome", "x");

    /// <summary>JSON values shaped like FHIR (the names notifications use) a few levels deep, so the parser gets past the first property.</summary>
    private static Gen<string> Json(int depth) => depth == 0
        ? Scalar
        : Gen.OneOf(
            Scalar,
            Json(depth - 1).Array[0, 3].Select(items => "[" + string.Join(",", items) + "]"),
            Gen.Select(Name, Json(depth - 1)).Array[0, 4].Select(props => "{" + string.Join(",", props.Select(p => $"\"{p.Item1}\":{p.Item2}")) + "}"));

    /// <summary>A notification Bundle with random entries after a SubscriptionStatus whose parts are random.</summary>
    private static readonly Gen<string> Notification = Gen.Select(Json(3).Array[0, 3], Json(3).Array[0, 4]).Select((parts, entries) =>
        "{\"resourceType\":\"Bundle\",\"type\":\"history\",\"entry\":[{\"resource\":{\"resourceType\":\"Parameters\",\"parameter\":[" +
        "{\"name\":\"notification-event\",\"part\":[" + string.Join(",", parts.Select(p => "{\"name\":\"focus\",\"valueReference\":" + p + "}")) + "]}]}}" +
        string.Concat(entries.Select(e => ",{\"fullUrl\":\"urn:uuid:1\",\"resource\":" + e + "}")) + "]}");

    [Fact]
    public void Read_AnyJson_EventsOrAValidationError()
    {
        Gen.OneOf(Json(4), Notification, Gen.String).Sample(body =>
        {
            try
            {
                Reader.Read(Encoding.UTF8.GetBytes(body));
            }
            catch (ValidationException e)
            {
                Assert.NotEmpty(e.Errors);
            }
        }, iter: 3000);
    }

    [Theory]
    [InlineData("[]", "body")]
    [InlineData("[{\"resourceType\":\"Bundle\"}]", "body")]
    [InlineData("\"Bundle\"", "body")]
    [InlineData("null", "body")]
    [InlineData("{\"resourceType\":\"Bundle\",\"type\":\"history\",\"entry\":[]}", "entry[0]")]
    public void Read_NotANotification_ValidationErrorNamingTheField(string body, string field)
    {
        var error = Assert.Throws<ValidationException>(() => Reader.Read(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(field, Assert.Single(error.Errors).Field);
    }

    [Fact]
    public void Read_TwoEntriesWithOneFullUrl_ReadsTheNotification()
    {
        const string body =
            "{\"resourceType\":\"Bundle\",\"type\":\"history\",\"entry\":[" +
            "{\"resource\":{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"subscription\",\"valueReference\":{\"reference\":\"Subscription/s1\"}}," +
            "{\"name\":\"notification-event\",\"part\":[{\"name\":\"event-number\",\"valueString\":\"7\"},{\"name\":\"focus\",\"valueReference\":{\"reference\":\"ClaimResponse/cr1\"}}]}]}}," +
            "{\"fullUrl\":\"urn:uuid:1\",\"resource\":{\"resourceType\":\"ClaimResponse\",\"id\":\"cr1\"}}," +
            "{\"fullUrl\":\"urn:uuid:1\",\"resource\":{\"resourceType\":\"ClaimResponse\",\"id\":\"cr2\"}}]}";

        var ev = Assert.Single(Reader.Read(Encoding.UTF8.GetBytes(body)));

        Assert.Equal("Subscription/s1#7", ev.EventKey);
    }
}

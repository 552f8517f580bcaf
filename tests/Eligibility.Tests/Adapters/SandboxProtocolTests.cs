using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PatientAccess.Eligibility.Tests.Infrastructure;
using PatientAccess.Integrations.Eligibility;
using PatientAccess.X12.Acknowledgment;
using PatientAccess.X12.Core;

namespace PatientAccess.Eligibility.Tests.Adapters;

/// <summary>The sandbox's CORE envelope handling, seen from a plain HTTP client.</summary>
public sealed class SandboxProtocolTests(SandboxHost sandbox) : IClassFixture<SandboxHost>
{
    private HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = sandbox.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SandboxHost.Username}:{SandboxHost.Password}")));
        return client;
    }

    [Fact]
    public async Task CoreRealtime_UnreadablePayload_Answers999Rejection()
    {
        using var client = Client();
        using var content = CoreEnvelope.Request("not an X12 interchange", Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, "PATIENTACCESS", "SBXCLEARHOUSE");

        using var response = await client.PostAsync(new Uri("core/realtime", UriKind.Relative), content);
        var fields = CoreEnvelope.ReadFields(response.Content.Headers.ContentType, await response.Content.ReadAsByteArrayAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CoreEnvelope.Response999, fields["PayloadType"]);
        Assert.Equal("2.2.0", fields["CORERuleVersion"]);
        var ack = Acknowledgment999.Read(X12Reader.ParseSingleTransaction(Encoding.UTF8.GetBytes(fields["Payload"])));
        Assert.Equal("R", ack.GroupAcknowledgmentCode);
    }

    [Fact]
    public async Task CoreRealtime_WrongRuleVersion_IsEnvelopeError()
    {
        using var client = Client();
        using var content = new MultipartFormDataContent
        {
            { new StringContent(CoreEnvelope.Request270), "PayloadType" },
            { new StringContent("RealTime"), "ProcessingMode" },
            { new StringContent(Guid.NewGuid().ToString()), "PayloadID" },
            { new StringContent("2026-11-28T10:00:00Z"), "TimeStamp" },
            { new StringContent("PATIENTACCESS"), "SenderID" },
            { new StringContent("SBXCLEARHOUSE"), "ReceiverID" },
            { new StringContent("2.1.0"), "CORERuleVersion" },
            { new StringContent("ISA"), "Payload" },
        };

        using var response = await client.PostAsync(new Uri("core/realtime", UriKind.Relative), content);
        var fields = CoreEnvelope.ReadFields(response.Content.Headers.ContentType, await response.Content.ReadAsByteArrayAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(CoreEnvelope.EnvelopeError, fields["PayloadType"]);
        Assert.Equal("VersionMismatch", fields["ErrorCode"]);
    }

    [Fact]
    public async Task Endpoints_WithoutCredentials_Are401()
    {
        using var client = new HttpClient { BaseAddress = sandbox.BaseAddress };

        using var core = await client.PostAsync(new Uri("core/realtime", UriKind.Relative), new StringContent("x"));
        using var json = await client.PostAsync(new Uri("eligibility/v3", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        using var health = await client.GetAsync(new Uri("health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, core.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, json.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void ReadFields_LfLineEndsAndQuotedNames_AreRead()
    {
        var body = Encoding.UTF8.GetBytes("--b\nContent-Disposition: form-data; name=\"PayloadType\"\n\nX12_271_Response_005010X279A1\n--b\nContent-Disposition: form-data; name=Payload\n\nISA*00~\n--b--\n");

        var fields = CoreEnvelope.ReadFields(MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b"), body)!;

        Assert.Equal("X12_271_Response_005010X279A1", fields["PayloadType"]);
        Assert.Equal("ISA*00~", fields["Payload"]);
    }
}

using System.Text.Json;

namespace PatientAccess.Cli.Tests;

/// <summary><c>auth read FILE [--json]</c> over the PAS IG examples, a 278 response, an outcome-only response and unreadable files.</summary>
public sealed class AuthReadCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("cli-auth-tests-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "PasExamples", $"Bundle-{name}.json");

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Read_ApprovedIgExampleAsJson_ItemWithDecisionNumberDatesUnits()
    {
        var (code, output, error) = await Run("auth", "read", Example("ReferralAuthorizationResponseBundleExample"), "--json");

        Assert.True(code == 0, error);
        var item = JsonDocument.Parse(output).RootElement.GetProperty("items")[0];
        Assert.Equal("approved", item.GetProperty("decision").GetString());
        Assert.Equal("A1", item.GetProperty("reviewActionCode").GetString());
        Assert.Equal("AUTH0001", item.GetProperty("authorizationNumber").GetString());
        Assert.Equal("2005-05-02", item.GetProperty("from").GetString());
        Assert.Equal("2005-06-02", item.GetProperty("to").GetString());
        Assert.Equal(1m, item.GetProperty("units").GetDecimal());
        Assert.Equal("3", item.GetProperty("serviceCode").GetString());
    }

    [Theory]
    [InlineData("ReferralPendingAuthorizationResponseBundleExample", "pended", "A4")]
    [InlineData("RejectionResponseBundleExample", "denied", "A3")]
    public async Task Read_IgExamplesAsText_OneLinePerItem(string example, string decision, string action)
    {
        var (code, output, _) = await Run("auth", "read", Example(example));

        Assert.Equal(0, code);
        Assert.Contains($"  {decision}  action {action}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ParametersWrappingAnOlderOutcomeOnlyResponse_ReadByOutcomeAndDisposition()
    {
        var path = Path.Combine(_temp, "older.json");
        await File.WriteAllTextAsync(path, """
            { "resourceType": "Parameters", "parameter": [ { "name": "return", "resource": {
              "resourceType": "Bundle", "type": "collection", "entry": [ { "fullUrl": "urn:uuid:1", "resource": {
                "resourceType": "ClaimResponse", "id": "old1", "status": "active", "use": "preauthorization", "outcome": "complete",
                "disposition": "Denied: documentation insufficient", "preAuthRef": "X1",
                "type": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional" } ] },
                "patient": { "reference": "Patient/p" }, "created": "2026-01-01", "insurer": { "reference": "Organization/i" } } } ] } } ] }
            """);

        var (code, output, _) = await Run("auth", "read", path, "--json");

        Assert.Equal(0, code);
        Assert.Equal("denied", JsonDocument.Parse(output).RootElement.GetProperty("items")[0].GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Read_X12_278Response_ItemPerServiceLevel()
    {
        var path = Path.Combine(_temp, "response.x12");
        await File.WriteAllTextAsync(path,
            "ISA*00*          *00*          *ZZ*SBXCLEARHOUSE  *ZZ*PATIENTACCESS  *261201*1500*^*00501*000000001*0*P*:~GS*HI*SBX*PA*20261201*1500*1*X*005010X217~" +
            "ST*278*0001*005010X217~BHT*0007*11*R1*20261201*1500*18~HL*1**20*1~NM1*X3*2*SBX*****PI*SBXPPO~HL*2*1*21*1~NM1*1P*2*H*****XX*1234567893~" +
            "HL*3*2*22*1~NM1*IL*1*DOE*J****MI*1~HL*4*3*EV*1~TRN*2*R1-auth-1*1999999999~UM*HS*I*62*22:B~HCR*A4~REF*NT*SBXREF1~" +
            "HL*5*4*SS*0~TRN*2*R1-auth-1-1*1999999999~UM*HS*I*62*22:B~HCR*A6*SBXAUTH9*CC~REF*NT*SBXREF1~DTP*AAH*RD8*20261215-20270114~SV1*HC:97110*0*UN*2~SE*21*0001~GE*1*1~IEA*1*000000001~");

        var (code, output, error) = await Run("auth", "read", path, "--json");

        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("x12-278", root.GetProperty("format").GetString());
        var item = Assert.Single(root.GetProperty("items").EnumerateArray());
        Assert.Equal(("modified", "A6", "SBXAUTH9", "97110", 2m), (item.GetProperty("decision").GetString(), item.GetProperty("reviewActionCode").GetString(),
            item.GetProperty("authorizationNumber").GetString(), item.GetProperty("serviceCode").GetString(), item.GetProperty("units").GetDecimal()));
    }

    [Theory]
    [InlineData("missing-file.json", null)]
    [InlineData("garbage.json", "{ this is not json")]
    [InlineData("patient.json", "{ \"resourceType\": \"Patient\" }")]
    [InlineData("broken.x12", "ISA*00*broken")]
    [InlineData("empty.json", "")]
    public async Task Read_UnreadableFileWithJson_Exit2AndStillValidJson(string name, string? content)
    {
        var path = Path.Combine(_temp, name);
        if (content is not null) await File.WriteAllTextAsync(path, content);

        var (code, output, error) = await Run("auth", "read", path, "--json");

        Assert.Equal(ExitCodes.BadInput, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("error").GetString()));
        Assert.Empty(root.GetProperty("items").EnumerateArray());
        Assert.Contains(name, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_NoFile_UsageExit1()
    {
        var (code, _, error) = await Run("auth", "read");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("usage: auth read FILE [--json]", error, StringComparison.Ordinal);
    }
}

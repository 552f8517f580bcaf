using System.Net;
using System.Text;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Integrations.PriorAuth;
using PatientAccess.PriorAuth.Tests.Infrastructure;

namespace PatientAccess.PriorAuth.Tests.Adapters;

/// <summary>The published Da Vinci PAS IG examples (PasExamples/README.md): read correctly, accepted by the sandbox payer.</summary>
public sealed class IgExampleTests : IClassFixture<SandboxHost>
{
    private readonly SandboxHost _sandbox;

    public IgExampleTests(SandboxHost sandbox) => _sandbox = sandbox;

    internal static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PasExamples", $"Bundle-{name}.json"));

    [Fact]
    public void Read_ApprovedResponseExample_A1WithNumberPeriodAndUnits()
    {
        var reading = PasResponseReader.Read(FhirValidation.Parse(Example("ReferralAuthorizationResponseBundleExample")))!;

        var item = Assert.Single(reading.Items);
        Assert.Equal((1, AuthorizationDecisionKind.Approved, "A1", "AUTH0001"), (item.ItemSequence, item.Decision, item.ReviewActionCode, item.AuthorizationNumber));
        Assert.Equal((new DateOnly(2005, 5, 2), new DateOnly(2005, 6, 2)), (item.ApprovedFrom, item.ApprovedTo));
        Assert.Equal(1m, item.ApprovedUnits);
        Assert.Equal("3", item.ServiceCode);
        Assert.Equal("PractitionerRequestorResponseExample", reading.PayerReference);
    }

    [Fact]
    public void Read_PendedResponseExample_A4WithTheTrackingNumber()
    {
        var item = Assert.Single(PasResponseReader.Read(FhirValidation.Parse(Example("ReferralPendingAuthorizationResponseBundleExample")))!.Items);

        Assert.Equal((AuthorizationDecisionKind.Pended, "A4", "PEND0001"), (item.Decision, item.ReviewActionCode, item.PayerTrackingNumber));
        Assert.Null(item.AuthorizationNumber);
    }

    [Fact]
    public void Read_RejectionResponseExample_A3Denied()
    {
        var item = Assert.Single(PasResponseReader.Read(FhirValidation.Parse(Example("RejectionResponseBundleExample")))!.Items);

        Assert.Equal((AuthorizationDecisionKind.Denied, "A3"), (item.Decision, item.ReviewActionCode));
    }

    [Theory]
    [InlineData("ReferralAuthorizationBundleExample")]
    [InlineData("MedicalServicesAuthorizationBundleExample")]
    [InlineData("ReferralAuthorizationResponseBundleExample")]
    [InlineData("ReferralPendingAuthorizationResponseBundleExample")]
    [InlineData("RejectionResponseBundleExample")]
    public void Examples_AreValidBaseR4(string name)
    {
        var errors = FhirValidation.Errors(FhirValidation.Parse(Example(name)));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData("ReferralAuthorizationBundleExample")]
    [InlineData("MedicalServicesAuthorizationBundleExample")]
    public async Task Sandbox_PublishedRequestExample_AnswersWithAValidResponseBundle(string name)
    {
        // The examples share one Claim identifier; a fresh one per run keeps the sandbox's memory of submissions apart.
        var json = Example(name).Replace("\"value\": \"111099\"", $"\"value\": \"{Guid.NewGuid():N}\"", StringComparison.Ordinal);
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(_sandbox.BaseAddress, "fhir/Claim/$submit"), new StringContent(json, Encoding.UTF8, "application/fhir+json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = Assert.IsType<Bundle>(FhirValidation.Parse(await response.Content.ReadAsStringAsync()));
        Assert.IsType<ClaimResponse>(bundle.Entry[0].Resource);
        var errors = FhirValidation.Errors(bundle);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var item = Assert.Single(PasResponseReader.Read(bundle)!.Items);
        Assert.Equal(AuthorizationDecisionKind.Approved, item.Decision);
    }

    [Fact]
    public async Task Sandbox_BundleWithADanglingReference_400WithAnOperationOutcomeNamingIt()
    {
        var json = Example("MedicalServicesAuthorizationBundleExample").Replace("\"reference\": \"Coverage/InsuranceExample\"", "\"reference\": \"Coverage/Missing\"", StringComparison.Ordinal);
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(_sandbox.BaseAddress, "fhir/Claim/$submit"), new StringContent(json, Encoding.UTF8, "application/fhir+json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = Assert.IsType<OperationOutcome>(FhirValidation.Parse(await response.Content.ReadAsStringAsync()));
        Assert.Contains("not-found at Claim.insurance[0].coverage", PasResponseReader.Issues(outcome)[0], StringComparison.Ordinal);
    }
}

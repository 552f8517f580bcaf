using Hl7.Fhir.Model;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.PriorAuth;
using PatientAccess.PriorAuth.Tests.Infrastructure;

namespace PatientAccess.PriorAuth.Tests.Adapters;

/// <summary>Our PAS request bundles: built, serialized, parsed back, valid base R4, with the PAS must-support elements.</summary>
public class PasBundleTests
{
    private static readonly DateOnly Day = new(2026, 12, 15);

    internal static AuthorizationRequest Request(bool dependent = false, AuthorizationUrgency urgency = AuthorizationUrgency.Standard, params string[] codes)
    {
        Assert.True(Npi.TryCreate("1234567893", out var npi));
        var address = new PostalAddress("1 Hospital Drive", null, "Springfield", "IL", "62701");
        var lines = (codes.Length == 0 ? ["70551"] : codes).Select((c, i) =>
            new ServiceLine((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ProcedureCode.TryCreate(c, out var p) ? p : null!, 1 + i, "22", Day, Day)).ToList();
        return new AuthorizationRequest(
            "0f8fad5bd9cb469fa16570867728950e-auth-1", "SBXPPO", "SANDBOX PPO HEALTH PLAN", "100000001",
            new AuthorizationPatient(new PersonName("JANE", "ACTIVE", "Q"), new DateOnly(1985, 3, 14), AdministrativeSex.Female, address),
            !dependent,
            new AuthorizationProvider(npi, "PATIENTACCESS HOSPITAL", true, Address: address),
            new AuthorizationProvider(npi, "ALEX RENDER", false, "207R00000X"),
            new AuthorizationProvider(npi, "MAIN CAMPUS", true, Address: address),
            lines, ["M54.16", "R51"], urgency, new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero), groupNumber: "GRP10001");
    }

    private static readonly PasRequestBuilder Builder = new(new PriorAuthOptions());

    [Theory]
    [InlineData(PasRequestKind.Submit)]
    [InlineData(PasRequestKind.Inquire)]
    [InlineData(PasRequestKind.Cancel)]
    public void Build_AnyKind_ParsesBackValidAgainstBaseR4(PasRequestKind kind)
    {
        var bundle = Builder.Build(Request(codes: ["70551", "J1100"]), kind);

        var parsed = Assert.IsType<Bundle>(FhirValidation.Parse(PasJson.Serialize(bundle)));

        var errors = FhirValidation.Errors(parsed);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Equal(PasJson.Serialize(bundle), PasJson.Serialize(parsed));
    }

    [Fact]
    public void Build_Submit_ClaimFirstThenEveryReferencedResourceOnce()
    {
        var bundle = Builder.Build(Request(codes: ["70551", "72148"]), PasRequestKind.Submit);

        var claim = Assert.IsType<Claim>(bundle.Entry[0].Resource);
        var urls = bundle.Entry.Select(e => e.FullUrl).ToList();
        Assert.Equal(urls.Count, urls.Distinct().Count());
        Assert.All(urls, u => Assert.StartsWith("urn:uuid:", u, StringComparison.Ordinal));
        var references = bundle.Entry.SelectMany(e => References(e.Resource!)).Distinct().ToList();
        Assert.All(references, r => Assert.Contains(r, urls));
        Assert.Equal(bundle.Entry.Count - 1, references.Count); // nothing extra, nothing missing
        Assert.Equal(["Claim", "Patient", "Coverage", "Organization", "Organization", "Organization", "Practitioner", "PractitionerRole", "ServiceRequest", "ServiceRequest", "Condition", "Condition"],
            bundle.Entry.Select(e => e.Resource!.TypeName));
        Assert.Equal(urls, Builder.Build(Request(codes: ["70551", "72148"]), PasRequestKind.Submit).Entry.Select(e => e.FullUrl));
        _ = claim;
    }

    [Fact]
    public void Build_Submit_CarriesThePasMustSupportElements()
    {
        var bundle = Builder.Build(Request(urgency: AuthorizationUrgency.Expedited), PasRequestKind.Submit);
        var claim = (Claim)bundle.Entry[0].Resource!;

        Assert.Equal([PasProfiles.RequestBundle], bundle.Meta.Profile);
        Assert.NotNull(bundle.Identifier?.Value);
        Assert.NotNull(bundle.Timestamp);
        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        Assert.Equal([PasProfiles.Claim], claim.Meta.Profile);
        Assert.Equal(("urn:trnorg:1999999999", "0f8fad5bd9cb469fa16570867728950e-auth-1"), (claim.Identifier[0].System, claim.Identifier[0].Value));
        Assert.Equal((FinancialResourceStatusCodes.Active, ClaimUseCode.Preauthorization), (claim.Status, claim.Use));
        Assert.NotNull(claim.Patient?.Reference);
        Assert.NotNull(claim.Insurer?.Reference);
        Assert.NotNull(claim.Provider?.Reference);
        Assert.Equal("U", ((CodeableConcept)claim.GetExtension(PasProfiles.LevelOfServiceCode).Value).Coding[0].Code);
        var insurance = Assert.Single(claim.Insurance);
        Assert.True(insurance.Focal);
        Assert.All(claim.CareTeam, c => Assert.True(((FhirBoolean)c.GetExtension(PasProfiles.CareTeamClaimScope).Value).Value));
        Assert.Equal(["M54.16", "R51"], claim.Diagnosis.Select(d => ((CodeableConcept)d.Diagnosis).Coding[0].Code));
        var item = Assert.Single(claim.Item);
        Assert.Equal(1, item.Sequence);
        Assert.Equal("HS", ((CodeableConcept)item.GetExtension(PasProfiles.ServiceItemRequestType).Value).Coding[0].Code);
        Assert.Equal("I", ((CodeableConcept)item.GetExtension(PasProfiles.CertificationType).Value).Coding[0].Code);
        Assert.NotNull(item.GetExtension(PasProfiles.ItemTraceNumber));
        Assert.Equal((FhirSystems.Cpt, "70551"), (item.ProductOrService.Coding[0].System, item.ProductOrService.Coding[0].Code));
        Assert.Equal("62", item.Category.Coding[0].Code);
        Assert.Equal("22", ((CodeableConcept)item.Location).Coding[0].Code);
        Assert.Equal(1m, item.Quantity.Value);
        Assert.IsType<Period>(item.Serviced);
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.Patient>().Single();
        Assert.Equal("MB", patient.Identifier[0].Type.Coding[0].Code);
        Assert.Equal("1985-03-14", patient.BirthDate);
        var coverage = bundle.Entry.Select(e => e.Resource).OfType<Coverage>().Single();
        Assert.Equal(("100000001", "self"), (coverage.SubscriberId, coverage.Relationship.Coding[0].Code));
    }

    [Fact]
    public void Build_Cancel_RelatesToTheOriginalAndCertificationType3()
    {
        var bundle = Builder.Build(Request() with { PayerReference = "SBXREF000001" }, PasRequestKind.Cancel);
        var claim = (Claim)bundle.Entry[0].Resource!;

        Assert.Equal([PasProfiles.ClaimUpdate], claim.Meta.Profile);
        var related = Assert.Single(claim.Related);
        Assert.Equal("0f8fad5bd9cb469fa16570867728950e-auth-1", related.Claim.Identifier.Value);
        Assert.Equal("prior", related.Relationship.Coding[0].Code);
        Assert.All(claim.Item, i => Assert.Equal("3", ((CodeableConcept)i.GetExtension(PasProfiles.CertificationType).Value).Coding[0].Code));
    }

    [Fact]
    public void Build_Dependent_CoverageSaysOther()
    {
        var bundle = Builder.Build(Request(dependent: true), PasRequestKind.Submit);
        var coverage = bundle.Entry.Select(e => e.Resource).OfType<Coverage>().Single();
        Assert.Equal("other", coverage.Relationship.Coding[0].Code);
        Assert.Null(coverage.Subscriber);
    }

    private static IEnumerable<string> References(Base node)
    {
        if (node is ResourceReference { Reference: { } r }) yield return r;
        foreach (var (_, value) in node.EnumerateElements())
        {
            var children = value is System.Collections.IEnumerable list and not string ? list.OfType<Base>() : value is Base b ? [b] : [];
            foreach (var child in children)
            {
                foreach (var found in References(child)) yield return found;
            }
        }
    }
}

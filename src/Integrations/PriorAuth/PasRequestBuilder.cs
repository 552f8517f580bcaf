using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using PatientAccess.Domain.PriorAuth;
using AdministrativeSex = PatientAccess.Domain.Registrations.AdministrativeSex;
using Npi = PatientAccess.Domain.Registrations.Npi;
using ProcedureCode = PatientAccess.Domain.Registrations.ProcedureCode;
using ProcedureCodeSystem = PatientAccess.Domain.Registrations.ProcedureCodeSystem;

namespace PatientAccess.Integrations.PriorAuth;

/// <summary>What a PAS request bundle is for.</summary>
public enum PasRequestKind
{
    /// <summary>Claim/$submit with a PAS Claim (use preauthorization, certification type I).</summary>
    Submit,

    /// <summary>Claim/$inquire with a PAS Claim inquiry carrying the same identifiers.</summary>
    Inquire,

    /// <summary>Claim/$submit with a PAS Claim update: related.claim names the original, every item certification type 3 (cancel).</summary>
    Cancel,
}

/// <summary>
/// Builds Da Vinci PAS request bundles with the Firely SDK: the Claim first, then every resource it (or a resource it
/// references) points to, each once: Patient, Coverage, the insurer and requester Organizations, the rendering
/// Practitioner and its PractitionerRole, the facility Organization, a ServiceRequest per line, a Condition per
/// diagnosis. Full URLs are urn:uuid values derived from the submission id, so the same request builds the same bundle.
/// </summary>
public sealed class PasRequestBuilder(PriorAuthOptions options)
{
    public Bundle Build(AuthorizationRequest request, PasRequestKind kind)
    {
        ArgumentNullException.ThrowIfNull(request);
        var entries = new EntryList(request.SubmissionId);
        var patientUrl = entries.Url("patient");
        var insurerUrl = entries.Url("insurer");
        var requesterUrl = entries.Url("requester");
        var coverageUrl = entries.Url("coverage");
        var facilityUrl = entries.Url("facility");
        string? roleUrl = request.Rendering is null ? null : entries.Url("rendering-role");
        string? practitionerUrl = request.Rendering is null ? null : entries.Url("rendering");

        var claim = new Claim
        {
            Meta = new Meta { Profile = [kind switch { PasRequestKind.Cancel => PasProfiles.ClaimUpdate, PasRequestKind.Inquire => PasProfiles.ClaimInquiry, _ => PasProfiles.Claim }] },
            Identifier = [Identifier(request.SubmissionId)],
            Status = FinancialResourceStatusCodes.Active,
            Type = new CodeableConcept(FhirSystems.ClaimType, "professional"),
            Use = ClaimUseCode.Preauthorization,
            Patient = new ResourceReference(patientUrl),
            Created = request.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Insurer = new ResourceReference(insurerUrl),
            Provider = new ResourceReference(requesterUrl),
            Priority = new CodeableConcept(FhirSystems.ProcessPriority, request.Urgency == AuthorizationUrgency.Expedited ? "stat" : "normal"),
            Insurance = [new Claim.InsuranceComponent { Sequence = 1, Focal = true, Coverage = new ResourceReference(coverageUrl) }],
        };
        if (request.Urgency == AuthorizationUrgency.Expedited)
        {
            claim.Extension.Add(new Extension(PasProfiles.LevelOfServiceCode, new CodeableConcept(FhirSystems.LevelOfService, "U", "Urgent")));
        }
        if (kind == PasRequestKind.Cancel)
        {
            claim.Related =
            [
                new Claim.RelatedClaimComponent
                {
                    Claim = new ResourceReference { Identifier = Identifier(request.SubmissionId) },
                    Relationship = new CodeableConcept(FhirSystems.RelatedClaimRelationship, "prior"),
                    Reference = request.PayerReference is null ? null : new Identifier(FhirSystems.PayerId, request.PayerReference),
                },
            ];
        }

        var careTeam = new List<Claim.CareTeamComponent>();
        if (roleUrl is not null)
        {
            careTeam.Add(CareTeam(careTeam.Count + 1, roleUrl, "SJ", request.Rendering!.TaxonomyCode));
        }
        careTeam.Add(CareTeam(careTeam.Count + 1, facilityUrl, "FA", request.Facility.TaxonomyCode));
        claim.CareTeam = careTeam;

        var conditionUrls = new List<string>();
        for (var d = 0; d < request.DiagnosisCodes.Count && d < 12; d++)
        {
            var code = request.DiagnosisCodes[d];
            claim.Diagnosis.Add(new Claim.DiagnosisComponent
            {
                Sequence = d + 1,
                Diagnosis = new CodeableConcept(FhirSystems.Icd10Cm, IcdWithDot(code)),
            });
            conditionUrls.Add(entries.Url("condition-" + code));
        }

        var lineEntries = new List<(string Url, ServiceRequest Resource)>();
        for (var i = 0; i < request.Lines.Count; i++)
        {
            var line = request.Lines[i];
            var serviceUrl = entries.Url("service-" + line.LineKey);
            var item = new Claim.ItemComponent
            {
                Sequence = i + 1,
                CareTeamSequence = [.. Enumerable.Range(1, careTeam.Count)],
                DiagnosisSequence = [.. Enumerable.Range(1, claim.Diagnosis.Count)],
                Category = new CodeableConcept(FhirSystems.ServiceType, line.ServiceTypeCode),
                ProductOrService = ServiceCode(line.Code),
                Serviced = new Period(new FhirDateTime(line.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new FhirDateTime(line.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                Location = new CodeableConcept(FhirSystems.PlaceOfService, line.PlaceOfService),
                Quantity = Units(line.Units),
            };
            item.Extension.Add(new Extension(PasProfiles.ItemTraceNumber, Identifier(request.SubmissionId + "-" + line.LineKey)));
            item.Extension.Add(new Extension(PasProfiles.ServiceItemRequestType, new CodeableConcept(FhirSystems.RequestType, "HS", "Health Services Review")));
            item.Extension.Add(new Extension(PasProfiles.CertificationType, kind == PasRequestKind.Cancel
                ? new CodeableConcept(FhirSystems.CertificationType, "3", "Cancel")
                : new CodeableConcept(FhirSystems.CertificationType, "I", "Initial")));
            item.Extension.Add(new Extension(PasProfiles.RequestedService, new ResourceReference(serviceUrl)));
            claim.Item.Add(item);
            lineEntries.Add((serviceUrl, new ServiceRequest
            {
                Meta = new Meta { Profile = [PasProfiles.ServiceRequest] },
                Status = RequestStatus.Active,
                Intent = RequestIntent.Order,
                Code = ServiceCode(line.Code),
                Subject = new ResourceReference(patientUrl),
                Occurrence = new Period(new FhirDateTime(line.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new FhirDateTime(line.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
                Quantity = Units(line.Units),
                Requester = new ResourceReference(requesterUrl),
                Performer = roleUrl is null ? [] : [new ResourceReference(roleUrl)],
                ReasonReference = [.. conditionUrls.Select(u => new ResourceReference(u))],
            }));
        }

        var bundle = new Bundle
        {
            Meta = new Meta { Profile = [kind == PasRequestKind.Inquire ? PasProfiles.InquiryRequestBundle : PasProfiles.RequestBundle] },
            Identifier = new Identifier("urn:ietf:rfc:3986", entries.Url("bundle-" + kind.ToString().ToLowerInvariant())),
            Type = Bundle.BundleType.Collection,
            Timestamp = request.CreatedAt.ToUniversalTime(),
        };
        entries.Add(bundle, entries.Url("claim-" + kind.ToString().ToLowerInvariant()), claim);
        entries.Add(bundle, patientUrl, Patient(request));
        entries.Add(bundle, coverageUrl, Coverage(request, patientUrl, insurerUrl));
        entries.Add(bundle, insurerUrl, Organization(PasProfiles.Insurer, request.PayerName ?? request.PayerId, null, "ins", new Identifier(FhirSystems.PayerId, request.PayerId), null));
        entries.Add(bundle, requesterUrl, Organization(PasProfiles.Requestor, request.Requester.Name, request.Requester.Npi, "prov", null, request.Requester.Address));
        entries.Add(bundle, facilityUrl, Organization(PasProfiles.Organization, request.Facility.Name, request.Facility.Npi, "prov", null, request.Facility.Address));
        if (request.Rendering is { } rendering)
        {
            entries.Add(bundle, practitionerUrl!, Practitioner(rendering));
            entries.Add(bundle, roleUrl!, new PractitionerRole
            {
                Meta = new Meta { Profile = [PasProfiles.PractitionerRole] },
                Practitioner = new ResourceReference(practitionerUrl),
                Organization = new ResourceReference(facilityUrl),
                Specialty = rendering.TaxonomyCode is null ? [] : [new CodeableConcept("http://nucc.org/provider-taxonomy", rendering.TaxonomyCode)],
            });
        }
        foreach (var (url, resource) in lineEntries) entries.Add(bundle, url, resource);
        for (var d = 0; d < conditionUrls.Count; d++)
        {
            entries.Add(bundle, conditionUrls[d], new Condition
            {
                Meta = new Meta { Profile = [PasProfiles.Condition] },
                Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-category", "encounter-diagnosis")],
                Code = new CodeableConcept(FhirSystems.Icd10Cm, IcdWithDot(request.DiagnosisCodes[d])),
                Subject = new ResourceReference(patientUrl),
            });
        }
        return bundle;
    }

    private Identifier Identifier(string value) => new("urn:trnorg:" + options.TraceOriginator, value);

    private static Claim.CareTeamComponent CareTeam(int sequence, string providerUrl, string role, string? taxonomy)
    {
        var member = new Claim.CareTeamComponent
        {
            Sequence = sequence,
            Provider = new ResourceReference(providerUrl),
            Role = new CodeableConcept(FhirSystems.EntityCode, role),
            Qualification = taxonomy is null ? null : new CodeableConcept("http://nucc.org/provider-taxonomy", taxonomy),
        };
        member.Extension.Add(new Extension(PasProfiles.CareTeamClaimScope, new FhirBoolean(true)));
        return member;
    }

    /// <summary>CPT codes under the AMA system, HCPCS Level II under CMS's.</summary>
    public static CodeableConcept ServiceCode(ProcedureCode code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return new CodeableConcept(code.System == ProcedureCodeSystem.Hcpcs ? FhirSystems.Hcpcs : FhirSystems.Cpt, code.Value);
    }

    private static Quantity Units(int units) => new() { Value = units, Unit = "Unit", System = FhirSystems.UnitBasis, Code = "UN" };

    /// <summary>ICD-10-CM in FHIR keeps the dot after the third character (X12 HI drops it).</summary>
    public static string IcdWithDot(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var plain = code.Replace(".", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        return plain.Length > 3 ? plain[..3] + "." + plain[3..] : plain;
    }

    private static Patient Patient(AuthorizationRequest request)
    {
        var p = request.Patient;
        var patient = new Patient
        {
            Meta = new Meta { Profile = [PasProfiles.Beneficiary] },
            Identifier = [new Identifier { Type = new CodeableConcept(FhirSystems.IdentifierType, "MB"), System = FhirSystems.PayerId + "/" + request.PayerId, Value = request.MemberId }],
            Name = [new HumanName { Family = p.Name.Family, Given = p.Name.Middle is null ? [p.Name.Given] : [p.Name.Given, p.Name.Middle] }],
            Gender = p.Sex switch { AdministrativeSex.Female => AdministrativeGender.Female, AdministrativeSex.Male => AdministrativeGender.Male, _ => AdministrativeGender.Unknown },
            BirthDate = p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (p.Address is { } a) patient.Address = [Address(a)];
        return patient;
    }

    private static Coverage Coverage(AuthorizationRequest request, string patientUrl, string insurerUrl)
    {
        var coverage = new Coverage
        {
            Meta = new Meta { Profile = [PasProfiles.Coverage] },
            Status = FinancialResourceStatusCodes.Active,
            SubscriberId = request.MemberId,
            Beneficiary = new ResourceReference(patientUrl),
            Relationship = new CodeableConcept(FhirSystems.SubscriberRelationship, request.PatientIsSubscriber ? "self" : "other"),
            Payor = [new ResourceReference(insurerUrl)],
        };
        if (request.PatientIsSubscriber) coverage.Subscriber = new ResourceReference(patientUrl);
        if (request.GroupNumber is { } group)
        {
            coverage.Class = [new Coverage.ClassComponent { Type = new CodeableConcept(FhirSystems.CoverageClass, "group"), Value = group }];
        }
        return coverage;
    }

    private static Organization Organization(string profile, string name, Npi? npi, string type, Identifier? identifier, Domain.Registrations.PostalAddress? address)
    {
        var organization = new Organization
        {
            Meta = new Meta { Profile = [profile] },
            Active = true,
            Name = name,
            Type = [new CodeableConcept(FhirSystems.OrganizationType, type)],
        };
        if (npi is not null) organization.Identifier.Add(new Identifier(FhirSystems.Npi, npi.Value));
        if (identifier is not null) organization.Identifier.Add(identifier);
        if (address is not null) organization.Address = [Address(address)];
        return organization;
    }

    private static Practitioner Practitioner(AuthorizationProvider provider)
    {
        var parts = provider.Name.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        return new Practitioner
        {
            Meta = new Meta { Profile = [PasProfiles.Practitioner] },
            Identifier = [new Identifier(FhirSystems.Npi, provider.Npi.Value)],
            Name = [parts.Length == 2 ? new HumanName { Given = [parts[0]], Family = parts[1] } : new HumanName { Family = provider.Name }],
        };
    }

    private static Address Address(Domain.Registrations.PostalAddress a) => new()
    {
        Line = a.Line2 is null ? [a.Line1] : [a.Line1, a.Line2],
        City = a.City,
        State = a.State,
        PostalCode = a.PostalCode,
        Country = "US",
    };

    /// <summary>Bundle entries with deterministic urn:uuid full URLs, each added once.</summary>
    private sealed class EntryList(string seed)
    {
        private readonly HashSet<string> _added = new(StringComparer.Ordinal);

        public string Url(string key)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed + "|" + key));
            hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
            hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
            return "urn:uuid:" + new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
        }

        public void Add(Bundle bundle, string url, Resource resource)
        {
            if (!_added.Add(url)) return;
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = url, Resource = resource });
        }
    }
}

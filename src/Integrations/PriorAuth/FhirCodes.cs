namespace PatientAccess.Integrations.PriorAuth;

/// <summary>The Da Vinci PAS (STU 2) profile and extension URLs and the code systems our bundles use.</summary>
public static class PasProfiles
{
    public const string Base = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/";
    public const string RequestBundle = Base + "profile-pas-request-bundle";
    public const string ResponseBundle = Base + "profile-pas-response-bundle";
    public const string InquiryRequestBundle = Base + "profile-pas-inquiry-request-bundle";
    public const string Claim = Base + "profile-claim";
    public const string ClaimUpdate = Base + "profile-claim-update";
    public const string ClaimInquiry = Base + "profile-claim-inquiry";
    public const string ClaimResponse = Base + "profile-claimresponse";
    public const string Beneficiary = Base + "profile-beneficiary";
    public const string Coverage = Base + "profile-coverage";
    public const string Insurer = Base + "profile-insurer";
    public const string Requestor = Base + "profile-requestor";
    public const string Organization = Base + "profile-organization";
    public const string Practitioner = Base + "profile-practitioner";
    public const string PractitionerRole = Base + "profile-practitionerrole";
    public const string ServiceRequest = Base + "profile-servicerequest";
    public const string Condition = Base + "profile-condition";

    public const string ReviewAction = Base + "extension-reviewAction";
    public const string ReviewActionCode = Base + "extension-reviewActionCode";
    public const string ItemTraceNumber = Base + "extension-itemTraceNumber";
    public const string AuthorizationNumber = Base + "extension-authorizationNumber";
    public const string AdministrationReferenceNumber = Base + "extension-administrationReferenceNumber";
    public const string ServiceItemRequestType = Base + "extension-serviceItemRequestType";
    public const string CertificationType = Base + "extension-certificationType";
    public const string LevelOfServiceCode = Base + "extension-levelOfServiceCode";
    public const string CareTeamClaimScope = Base + "extension-careTeamClaimScope";
    public const string RequestedService = Base + "extension-requestedService";
    public const string ItemPreAuthPeriod = Base + "extension-itemPreAuthPeriod";
    public const string ItemPreAuthIssueDate = Base + "extension-itemPreAuthIssueDate";
    public const string ItemAuthorizedDetail = Base + "extension-itemAuthorizedDetail";
    public const string ItemRequestedServiceDate = Base + "extension-itemRequestedServiceDate";

    /// <summary>The R4 Subscriptions Backport notification status (a Parameters resource).</summary>
    public const string SubscriptionStatus = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4";
    public const string SubscriptionTopic = "http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic";
}

/// <summary>Code systems.</summary>
public static class FhirSystems
{
    public const string X12 = "https://codesystem.x12.org/005010/";
    public const string ReviewAction = X12 + "306";
    public const string ReviewReason = X12 + "886";
    public const string CertificationType = X12 + "1322";
    public const string RequestType = X12 + "1525";
    public const string LevelOfService = X12 + "1338";
    public const string ServiceType = X12 + "1365";
    public const string EntityCode = X12 + "98";
    public const string UnitBasis = X12 + "355";
    public const string PlaceOfService = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set";
    public const string Cpt = "http://www.ama-assn.org/go/cpt";
    public const string Hcpcs = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
    public const string Icd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string Npi = "http://hl7.org/fhir/sid/us-npi";
    public const string IdentifierType = "http://terminology.hl7.org/CodeSystem/v2-0203";
    public const string ClaimType = "http://terminology.hl7.org/CodeSystem/claim-type";
    public const string ProcessPriority = "http://terminology.hl7.org/CodeSystem/processpriority";
    public const string SubscriberRelationship = "http://terminology.hl7.org/CodeSystem/subscriber-relationship";
    public const string CoverageClass = "http://terminology.hl7.org/CodeSystem/coverage-class";
    public const string OrganizationType = "http://terminology.hl7.org/CodeSystem/organization-type";
    public const string RelatedClaimRelationship = "http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship";
    public const string Adjudication = "http://terminology.hl7.org/CodeSystem/adjudication";
    public const string PayerId = "https://patientaccess.dev/fhir/sid/payer-id";
    public const string Ucum = "http://unitsofmeasure.org";
}

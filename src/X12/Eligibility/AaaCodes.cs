namespace PatientAccess.X12.Eligibility;

/// <summary>AAA: request validation. AAA01 Y valid request / N invalid, AAA03 reject reason, AAA04 follow-up action.</summary>
public sealed record AaaError(string ValidRequestIndicator, string RejectReasonCode, string? FollowUpActionCode, string? AgencyQualifier = null)
{
    public string Description => AaaCodes.DescribeReason(RejectReasonCode);

    public string FollowUpDescription => AaaCodes.DescribeFollowUp(FollowUpActionCode);

    public AaaClassification Classification => AaaCodes.Classify(RejectReasonCode);
}

/// <summary>What kind of problem an AAA reports, which decides what the workflow does next.</summary>
public enum AaaClassification
{
    /// <summary>A code this table does not know; treat as needing a person.</summary>
    Unknown,

    /// <summary>42, 79, 80: the payer or the line is not answering now; retry with backoff.</summary>
    Transient,

    /// <summary>64, 65, 67, 72, 73, 75, 77: the member was not found with the identity sent; re-query once with alternate identity data.</summary>
    IdentityMismatch,

    /// <summary>58, 66, 71, 74, 76, 68: the member was found but a demographic (birth date, gender) disagrees or is ambiguous.</summary>
    DemographicsMismatch,

    /// <summary>43-52, 97: the provider data in the request is wrong or the provider is not enrolled.</summary>
    ProviderData,

    /// <summary>56, 57, 60-63: the service date is invalid or outside what the payer answers for.</summary>
    ServiceDate,

    /// <summary>15, 33, 53-55, 69, 70, AF, AG, T4, 04: required or consistent request data is missing.</summary>
    RequestData,

    /// <summary>41: the submitter is not allowed to ask this payer.</summary>
    AccessRestricted,

    /// <summary>35, 78, 98: out of network, not in the group or plan, experimental.</summary>
    CoverageScope,

    /// <summary>AA, AE, CI, E8, IA, MA, AO: prior authorization or medical review issues.</summary>
    Authorization,
}

/// <summary>The AAA code tables of 005010X279A1 with plain-words follow-up.</summary>
public static class AaaCodes
{
    private static readonly Dictionary<string, (string Description, AaaClassification Kind, string Action)> Reasons = new(StringComparer.OrdinalIgnoreCase)
    {
        ["04"] = ("Authorized Quantity Exceeded", AaaClassification.RequestData, "Too many inquiries were sent for this request; send fewer or wait before asking again."),
        ["15"] = ("Required application data missing", AaaClassification.RequestData, "A required field was missing from the request; complete the registration data and resubmit."),
        ["33"] = ("Input Errors", AaaClassification.RequestData, "The payer could not read the request; check the data entered and resubmit."),
        ["35"] = ("Out of Network", AaaClassification.CoverageScope, "The provider is out of network for this member; confirm network status or refer in network."),
        ["41"] = ("Authorization/Access Restrictions", AaaClassification.AccessRestricted, "Our organization is not authorized to query this payer; contact the clearinghouse or the payer's provider services."),
        ["42"] = ("Unable to Respond at Current Time", AaaClassification.Transient, "The payer is not answering right now; the check is retried automatically."),
        ["43"] = ("Invalid/Missing Provider Identification", AaaClassification.ProviderData, "Check the provider NPI sent with the request and correct it in the provider setup."),
        ["44"] = ("Invalid/Missing Provider Name", AaaClassification.ProviderData, "Check the provider name in the provider setup; it must match the payer's enrollment."),
        ["45"] = ("Invalid/Missing Provider Specialty", AaaClassification.ProviderData, "Check the provider taxonomy (specialty) sent with the request."),
        ["46"] = ("Invalid/Missing Provider Phone Number", AaaClassification.ProviderData, "Add or correct the provider phone number in the provider setup."),
        ["47"] = ("Invalid/Missing Provider State", AaaClassification.ProviderData, "Add or correct the provider's state in the provider setup."),
        ["48"] = ("Invalid/Missing Referring Provider Identification Number", AaaClassification.ProviderData, "Check the referring provider NPI on the order."),
        ["49"] = ("Provider is Not Primary Care Physician", AaaClassification.ProviderData, "The member's plan needs the primary care physician; obtain a referral or query with the PCP."),
        ["50"] = ("Provider Ineligible for Inquiries", AaaClassification.ProviderData, "The provider is not enrolled to ask this payer; call the payer's provider services."),
        ["51"] = ("Provider Not on File", AaaClassification.ProviderData, "The payer has no record of this provider; confirm enrollment with the payer."),
        ["52"] = ("Service Dates Not Within Provider Plan Enrollment", AaaClassification.ProviderData, "The provider was not enrolled with the plan on the service date; confirm enrollment dates."),
        ["53"] = ("Inquired Benefit Inconsistent with Provider Type", AaaClassification.RequestData, "The service asked about does not fit this provider type; check the service type codes."),
        ["54"] = ("Inappropriate Product/Service ID Qualifier", AaaClassification.RequestData, "The procedure code qualifier was wrong; check the service codes."),
        ["55"] = ("Inappropriate Product/Service ID", AaaClassification.RequestData, "The procedure code was not accepted; check the service codes."),
        ["56"] = ("Inappropriate Date", AaaClassification.ServiceDate, "The date sent is not acceptable; check the appointment date."),
        ["57"] = ("Invalid/Missing Date(s) of Service", AaaClassification.ServiceDate, "Check the appointment (service) date and resubmit."),
        ["58"] = ("Invalid/Missing Date-of-Birth", AaaClassification.DemographicsMismatch, "Verify the patient's date of birth with the patient or the card and correct it."),
        ["60"] = ("Date of Birth Follows Date(s) of Service", AaaClassification.ServiceDate, "The birth date is after the service date; correct the birth date or the appointment date."),
        ["61"] = ("Date of Death Precedes Date(s) of Service", AaaClassification.ServiceDate, "The payer records a date of death before the service date; verify the patient's identity."),
        ["62"] = ("Date of Service Not Within Allowable Inquiry Period", AaaClassification.ServiceDate, "The payer does not answer for this date; check closer to the appointment or call the payer."),
        ["63"] = ("Date of Service in Future", AaaClassification.ServiceDate, "The payer does not answer for future dates; the check is repeated closer to the appointment."),
        ["64"] = ("Invalid/Missing Patient ID", AaaClassification.IdentityMismatch, "Verify the patient's member id on the insurance card."),
        ["65"] = ("Invalid/Missing Patient Name", AaaClassification.IdentityMismatch, "Verify the patient's name exactly as printed on the insurance card."),
        ["66"] = ("Invalid/Missing Patient Gender Code", AaaClassification.DemographicsMismatch, "Verify the patient's gender as recorded by the plan."),
        ["67"] = ("Patient Not Found", AaaClassification.IdentityMismatch, "The payer cannot find the patient; verify name, birth date and member id against the card, and whether the patient is the subscriber or a dependent."),
        ["68"] = ("Duplicate Patient ID Number", AaaClassification.DemographicsMismatch, "The member id matches several people; add the birth date and exact name."),
        ["69"] = ("Inconsistent with Patient's Age", AaaClassification.RequestData, "The service does not fit the patient's age; check the service and birth date."),
        ["70"] = ("Inconsistent with Patient's Gender", AaaClassification.RequestData, "The service does not fit the patient's gender on file; check the service and gender."),
        ["71"] = ("Patient Birth Date Does Not Match That for the Patient on the Database", AaaClassification.DemographicsMismatch, "Verify the birth date with the patient; it differs from the payer's records."),
        ["72"] = ("Invalid/Missing Subscriber/Insured ID", AaaClassification.IdentityMismatch, "Verify the member id on the insurance card (with or without prefix and suffix)."),
        ["73"] = ("Invalid/Missing Subscriber/Insured Name", AaaClassification.IdentityMismatch, "Verify the subscriber's name exactly as printed on the card."),
        ["74"] = ("Invalid/Missing Subscriber/Insured Gender Code", AaaClassification.DemographicsMismatch, "Verify the subscriber's gender as recorded by the plan."),
        ["75"] = ("Subscriber/Insured Not Found", AaaClassification.IdentityMismatch, "The payer cannot find the subscriber; verify the member id, name and birth date on the card, or ask for another insurance."),
        ["76"] = ("Duplicate Subscriber/Insured ID Number", AaaClassification.DemographicsMismatch, "The member id matches several subscribers; add the birth date and exact name."),
        ["77"] = ("Subscriber Found, Patient Not Found", AaaClassification.IdentityMismatch, "The subscriber was found but not this patient as a dependent; verify the patient's name, birth date and relationship."),
        ["78"] = ("Subscriber/Insured Not in Group/Plan Identified", AaaClassification.CoverageScope, "The member is not in the group or plan sent; verify the group number on the card."),
        ["79"] = ("Invalid Participant Identification", AaaClassification.Transient, "The payer or clearinghouse connection failed to identify a participant; the check is retried automatically, then the payer id is reviewed."),
        ["80"] = ("No Response received - Transaction Terminated", AaaClassification.Transient, "The payer did not answer in time; the check is retried automatically."),
        ["97"] = ("Invalid or Missing Provider Address", AaaClassification.ProviderData, "Correct the provider address in the provider setup."),
        ["98"] = ("Experimental Service or Procedure", AaaClassification.CoverageScope, "The payer considers the service experimental; review with the ordering provider."),
        ["AA"] = ("Authorization Number Not Found", AaaClassification.Authorization, "The authorization number was not found; verify it with the payer."),
        ["AE"] = ("Requires Primary Care Physician Authorization", AaaClassification.Authorization, "A PCP authorization is required; obtain it before the visit."),
        ["AF"] = ("Invalid/Missing Diagnosis Code(s)", AaaClassification.RequestData, "Check the diagnosis codes on the order."),
        ["AG"] = ("Invalid/Missing Procedure Code(s)", AaaClassification.RequestData, "Check the procedure codes on the order."),
        ["AO"] = ("Additional Patient Condition Information Required", AaaClassification.Authorization, "The payer needs more clinical information; contact the payer."),
        ["CI"] = ("Certification Information Does Not Match Patient", AaaClassification.Authorization, "The certification on file does not match the patient; verify the authorization."),
        ["E8"] = ("Requires Medical Review", AaaClassification.Authorization, "The service requires medical review; start a prior authorization."),
        ["IA"] = ("Invalid Authorization Number Format", AaaClassification.Authorization, "Check the format of the authorization number."),
        ["MA"] = ("Missing Authorization Number", AaaClassification.Authorization, "An authorization number is required; obtain or enter it."),
        ["T4"] = ("Payer Name or Identifier Missing", AaaClassification.RequestData, "The payer id was missing or unknown; check the insurance's payer id."),
    };

    private static readonly Dictionary<string, (string Description, string Action)> FollowUps = new(StringComparer.OrdinalIgnoreCase)
    {
        ["C"] = ("Please Correct and Resubmit", "Correct the data named above and check eligibility again."),
        ["N"] = ("Resubmission Not Allowed", "Do not send this inquiry again; resolve it with the payer by phone or portal."),
        ["P"] = ("Please Resubmit Original Transaction", "Send the same inquiry again unchanged."),
        ["R"] = ("Resubmission Allowed", "The inquiry may be sent again."),
        ["S"] = ("Do Not Resubmit; Inquiry Initiated to a Third Party", "Do not resend; the payer has forwarded the inquiry and will answer later."),
        ["W"] = ("Please Wait 30 Days and Resubmit", "Wait 30 days before asking again; verify coverage with the payer meanwhile."),
        ["X"] = ("Please Wait 10 Days and Resubmit", "Wait 10 days before asking again; verify coverage with the payer meanwhile."),
        ["Y"] = ("Do Not Resubmit; We Will Hand Deliver/Mail a Response", "Do not resend; the payer will answer by mail or hand delivery."),
    };

    /// <summary>The guide's text for AAA03, or "Unknown reject reason" for a code it does not list.</summary>
    public static string DescribeReason(string? code) =>
        code is not null && Reasons.TryGetValue(code.Trim(), out var r) ? r.Description : "Unknown reject reason";

    /// <summary>The guide's text for AAA04.</summary>
    public static string DescribeFollowUp(string? code) =>
        string.IsNullOrWhiteSpace(code) ? "No follow-up action given"
        : FollowUps.TryGetValue(code.Trim(), out var f) ? f.Description : "Unknown follow-up action";

    public static AaaClassification Classify(string? code) =>
        code is not null && Reasons.TryGetValue(code.Trim(), out var r) ? r.Kind : AaaClassification.Unknown;

    /// <summary>What a specialist should do, in plain words: the reason's remedy, then the follow-up action's.</summary>
    public static string Remediation(string? reasonCode, string? followUpCode)
    {
        var reason = reasonCode is not null && Reasons.TryGetValue(reasonCode.Trim(), out var r)
            ? r.Action
            : "The payer rejected the inquiry with a reason this system does not know; call the payer's provider services.";
        return followUpCode is not null && FollowUps.TryGetValue(followUpCode.Trim(), out var f) ? reason + " " + f.Action : reason;
    }

    /// <summary>Every AAA03 code in the table.</summary>
    public static IReadOnlyCollection<string> KnownReasonCodes => Reasons.Keys;

    /// <summary>Every AAA04 code in the table.</summary>
    public static IReadOnlyCollection<string> KnownFollowUpCodes => FollowUps.Keys;
}

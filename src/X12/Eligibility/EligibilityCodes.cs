using System.Collections.Frozen;

namespace PatientAccess.X12.Eligibility;

/// <summary>Code tables of 005010X279A1 used by the interpreter and the CLI. Unknown codes stay as codes.</summary>
public static class EligibilityCodes
{
    public const string ImplementationGuide = "005010X279A1";
    public const string SourceLevel = "20";
    public const string ReceiverLevel = "21";
    public const string SubscriberLevel = "22";
    public const string DependentLevel = "23";

    private static readonly FrozenDictionary<string, string> InformationCodes = Table(new Dictionary<string, string>
    {
        ["1"] = "Active Coverage", ["2"] = "Active - Full Risk Capitation", ["3"] = "Active - Services Capitated",
        ["4"] = "Active - Services Capitated to Primary Care Physician", ["5"] = "Active - Pending Investigation",
        ["6"] = "Inactive", ["7"] = "Inactive - Pending Eligibility Update", ["8"] = "Inactive - Pending Investigation",
        ["A"] = "Co-Insurance", ["B"] = "Co-Payment", ["C"] = "Deductible", ["CB"] = "Coverage Basis",
        ["D"] = "Benefit Description", ["E"] = "Exclusions", ["F"] = "Limitations", ["G"] = "Out of Pocket (Stop Loss)",
        ["H"] = "Unlimited", ["I"] = "Non-Covered", ["J"] = "Cost Containment", ["K"] = "Reserve", ["L"] = "Primary Care Provider",
        ["M"] = "Pre-existing Condition", ["MC"] = "Managed Care Coordinator", ["N"] = "Services Restricted to Following Provider",
        ["O"] = "Not Deemed a Medical Necessity", ["P"] = "Benefit Disclaimer", ["Q"] = "Second Surgical Opinion Required",
        ["R"] = "Other or Additional Payor", ["S"] = "Prior Year(s) History", ["T"] = "Card(s) Reported Lost/Stolen",
        ["U"] = "Contact Following Entity for Eligibility or Benefit Information", ["V"] = "Cannot Process",
        ["W"] = "Other Source of Data", ["X"] = "Health Care Facility", ["Y"] = "Spend Down",
    });

    private static readonly FrozenDictionary<string, string> ServiceTypes = Table(new Dictionary<string, string>
    {
        ["1"] = "Medical Care", ["2"] = "Surgical", ["3"] = "Consultation", ["4"] = "Diagnostic X-Ray", ["5"] = "Diagnostic Lab",
        ["6"] = "Radiation Therapy", ["7"] = "Anesthesia", ["8"] = "Surgical Assistance", ["12"] = "Durable Medical Equipment Purchase",
        ["18"] = "Durable Medical Equipment Rental", ["20"] = "Second Surgical Opinion", ["30"] = "Health Benefit Plan Coverage",
        ["33"] = "Chiropractic", ["35"] = "Dental Care", ["40"] = "Oral Surgery", ["42"] = "Home Health Care", ["45"] = "Hospice",
        ["47"] = "Hospital", ["48"] = "Hospital - Inpatient", ["50"] = "Hospital - Outpatient", ["51"] = "Hospital - Emergency Accident",
        ["52"] = "Hospital - Emergency Medical", ["53"] = "Hospital - Ambulatory Surgical", ["54"] = "Long Term Care",
        ["56"] = "Medically Related Transportation", ["60"] = "General Benefits", ["61"] = "In-vitro Fertilization",
        ["62"] = "MRI/CAT Scan", ["65"] = "Newborn Care", ["68"] = "Well Baby Care", ["69"] = "Maternity", ["73"] = "Diagnostic Medical",
        ["76"] = "Dialysis", ["78"] = "Chemotherapy", ["80"] = "Immunizations", ["81"] = "Routine Physical", ["82"] = "Family Planning",
        ["86"] = "Emergency Services", ["88"] = "Pharmacy", ["93"] = "Podiatry", ["98"] = "Professional (Physician) Visit - Office",
        ["99"] = "Professional (Physician) Visit - Inpatient", ["A0"] = "Professional (Physician) Visit - Outpatient",
        ["A3"] = "Professional (Physician) Visit - Home", ["A4"] = "Psychiatric", ["A6"] = "Psychotherapy", ["A7"] = "Psychiatric - Inpatient",
        ["A8"] = "Psychiatric - Outpatient", ["AD"] = "Occupational Therapy", ["AE"] = "Physical Medicine", ["AF"] = "Speech Therapy",
        ["AG"] = "Skilled Nursing Care", ["AI"] = "Substance Abuse", ["AL"] = "Vision (Optometry)", ["BG"] = "Cardiac Rehabilitation",
        ["BH"] = "Pediatric", ["MH"] = "Mental Health", ["PT"] = "Physical Therapy", ["UC"] = "Urgent Care",
    });

    private static readonly FrozenDictionary<string, string> TimePeriods = Table(new Dictionary<string, string>
    {
        ["6"] = "Hour", ["7"] = "Day", ["13"] = "24 Hours", ["21"] = "Years", ["22"] = "Service Year", ["23"] = "Calendar Year",
        ["24"] = "Year to Date", ["25"] = "Contract", ["26"] = "Episode", ["27"] = "Visit", ["28"] = "Outlier", ["29"] = "Remaining",
        ["30"] = "Exceeded", ["31"] = "Not Exceeded", ["32"] = "Lifetime", ["33"] = "Lifetime Remaining", ["34"] = "Month",
        ["35"] = "Week", ["36"] = "Admission",
    });

    private static readonly FrozenDictionary<string, string> CoverageLevels = Table(new Dictionary<string, string>
    {
        ["CHD"] = "Children Only", ["DEP"] = "Dependents Only", ["ECH"] = "Employee and Children", ["EMP"] = "Employee Only",
        ["ESP"] = "Employee and Spouse", ["FAM"] = "Family", ["IND"] = "Individual", ["SPC"] = "Spouse and Children", ["SPO"] = "Spouse Only",
    });

    private static readonly FrozenDictionary<string, string> InsuranceTypes = Table(new Dictionary<string, string>
    {
        ["12"] = "Medicare Secondary Working Aged", ["13"] = "Medicare Secondary ESRD", ["14"] = "Medicare Secondary No-fault",
        ["15"] = "Medicare Secondary Workers' Compensation", ["16"] = "Medicare Secondary Public Health Service",
        ["41"] = "Medicare Secondary Black Lung", ["42"] = "Medicare Secondary Veterans", ["43"] = "Medicare Secondary Disabled",
        ["47"] = "Medicare Secondary Liability", ["AP"] = "Auto Insurance Policy", ["C1"] = "Commercial", ["CO"] = "COBRA",
        ["CP"] = "Medicare Conditionally Primary", ["D"] = "Disability", ["DB"] = "Disability Benefits", ["EP"] = "Exclusive Provider Organization",
        ["FF"] = "Family or Friends", ["GP"] = "Group Policy", ["HM"] = "HMO", ["HN"] = "HMO - Medicare Risk",
        ["HS"] = "Special Low Income Medicare Beneficiary", ["IN"] = "Indemnity", ["IP"] = "Individual Policy",
        ["LC"] = "Long Term Care", ["LD"] = "Long Term Policy", ["LI"] = "Life Insurance", ["LT"] = "Litigation",
        ["MA"] = "Medicare Part A", ["MB"] = "Medicare Part B", ["MC"] = "Medicaid", ["MH"] = "Medigap Part A",
        ["MI"] = "Medigap Part B", ["MP"] = "Medicare Primary", ["OT"] = "Other", ["PE"] = "Property Insurance - Personal",
        ["PL"] = "Personal", ["PP"] = "Personal Payment (Cash - No Insurance)", ["PR"] = "Preferred Provider Organization (PPO)",
        ["PS"] = "Point of Service (POS)", ["QM"] = "Qualified Medicare Beneficiary", ["RP"] = "Property Insurance - Real",
        ["SP"] = "Supplemental Policy", ["TF"] = "Tax Equity Fiscal Responsibility Act (TEFRA)", ["WC"] = "Workers' Compensation",
        ["WU"] = "Wrap Up Policy",
    });

    private static readonly FrozenDictionary<string, string> DateQualifiers = Table(new Dictionary<string, string>
    {
        ["096"] = "Discharge", ["102"] = "Issue", ["152"] = "Effective Date of Change", ["193"] = "Period Start", ["194"] = "Period End",
        ["198"] = "Completion", ["290"] = "Coordination of Benefits", ["291"] = "Plan", ["292"] = "Benefit", ["295"] = "Primary Care Provider",
        ["304"] = "Latest Visit or Consultation", ["307"] = "Eligibility", ["318"] = "Added", ["340"] = "COBRA Begin", ["341"] = "COBRA End",
        ["342"] = "Premium Paid to Date Begin", ["343"] = "Premium Paid to Date End", ["346"] = "Plan Begin", ["347"] = "Plan End",
        ["348"] = "Benefit Begin", ["349"] = "Benefit End", ["356"] = "Eligibility Begin", ["357"] = "Eligibility End", ["382"] = "Enrollment",
        ["435"] = "Admission", ["442"] = "Date of Death", ["458"] = "Certification", ["472"] = "Service", ["539"] = "Policy Effective",
        ["540"] = "Policy Expiration", ["636"] = "Date of Last Update", ["771"] = "Status",
    });

    public static string? DescribeInsuranceType(string? code) => Lookup(InsuranceTypes, code);

    public static string? DescribeDateQualifier(string? code) => Lookup(DateQualifiers, code);

    /// <summary>EB04 MA is Medicare Part A, MB Part B; anything else is none.</summary>
    public static MedicarePart MedicarePartOf(string? insuranceTypeCode) => insuranceTypeCode switch
    {
        null or "" => MedicarePart.None,
        "MA" => MedicarePart.PartA,
        "MB" => MedicarePart.PartB,
        _ => insuranceTypeCode.Trim().ToUpperInvariant() switch
        {
            "MA" => MedicarePart.PartA,
            "MB" => MedicarePart.PartB,
            _ => MedicarePart.None,
        },
    };

    public static string? DescribeInformationCode(string? code) => Lookup(InformationCodes, code);

    public static string? DescribeServiceType(string? code) => Lookup(ServiceTypes, code);

    public static string? DescribeTimePeriod(string? code) => Lookup(TimePeriods, code);

    public static string? DescribeCoverageLevel(string? code) => Lookup(CoverageLevels, code);

    private static string? Lookup(FrozenDictionary<string, string> table, string? code) =>
        code is not null && table.TryGetValue(code.Trim(), out var value) ? value : null;

    // Frozen: looked up for every benefit value of every 271 (service type, time period), and never changed.
    private static FrozenDictionary<string, string> Table(Dictionary<string, string> entries) =>
        entries.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
}

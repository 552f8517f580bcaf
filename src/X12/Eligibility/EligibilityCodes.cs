namespace PatientAccess.X12.Eligibility;

/// <summary>Code tables of 005010X279A1 used by the interpreter and the CLI. Unknown codes stay as codes.</summary>
public static class EligibilityCodes
{
    public const string ImplementationGuide = "005010X279A1";
    public const string SourceLevel = "20";
    public const string ReceiverLevel = "21";
    public const string SubscriberLevel = "22";
    public const string DependentLevel = "23";

    private static readonly Dictionary<string, string> InformationCodes = new(StringComparer.OrdinalIgnoreCase)
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
    };

    private static readonly Dictionary<string, string> ServiceTypes = new(StringComparer.OrdinalIgnoreCase)
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
    };

    private static readonly Dictionary<string, string> TimePeriods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["6"] = "Hour", ["7"] = "Day", ["13"] = "24 Hours", ["21"] = "Years", ["22"] = "Service Year", ["23"] = "Calendar Year",
        ["24"] = "Year to Date", ["25"] = "Contract", ["26"] = "Episode", ["27"] = "Visit", ["28"] = "Outlier", ["29"] = "Remaining",
        ["30"] = "Exceeded", ["31"] = "Not Exceeded", ["32"] = "Lifetime", ["33"] = "Lifetime Remaining", ["34"] = "Month",
        ["35"] = "Week", ["36"] = "Admission",
    };

    private static readonly Dictionary<string, string> CoverageLevels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CHD"] = "Children Only", ["DEP"] = "Dependents Only", ["ECH"] = "Employee and Children", ["EMP"] = "Employee Only",
        ["ESP"] = "Employee and Spouse", ["FAM"] = "Family", ["IND"] = "Individual", ["SPC"] = "Spouse and Children", ["SPO"] = "Spouse Only",
    };

    public static string? DescribeInformationCode(string? code) => Lookup(InformationCodes, code);

    public static string? DescribeServiceType(string? code) => Lookup(ServiceTypes, code);

    public static string? DescribeTimePeriod(string? code) => Lookup(TimePeriods, code);

    public static string? DescribeCoverageLevel(string? code) => Lookup(CoverageLevels, code);

    private static string? Lookup(Dictionary<string, string> table, string? code) =>
        code is not null && table.TryGetValue(code.Trim(), out var value) ? value : null;
}

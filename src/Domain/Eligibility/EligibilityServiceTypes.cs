using System.Globalization;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Eligibility;

/// <summary>X12 service type codes (EQ01/EB03) for the procedures of an appointment.</summary>
public static class EligibilityServiceTypes
{
    public const string PlanCoverage = "30";
    public const string MedicalCare = "1";
    public const string Surgical = "2";
    public const string DiagnosticXRay = "4";
    public const string DiagnosticLab = "5";
    public const string Anesthesia = "7";
    public const string DurableMedicalEquipment = "12";
    public const string MriCtScan = "62";
    public const string OfficeVisit = "98";

    private static readonly (int From, int To)[] MriCtRanges =
    [
        (70450, 70498), (70540, 70559), (71250, 71275), (71550, 71555), (72125, 72133), (72141, 72158),
        (72192, 72197), (73200, 73206), (73218, 73225), (73700, 73706), (73718, 73725), (74150, 74183),
    ];

    /// <summary>"30" first, then one code per kind of procedure, in order of first appearance, without repeats.</summary>
    public static IReadOnlyList<string> ForProcedures(IEnumerable<ProcedureCode> procedures)
    {
        ArgumentNullException.ThrowIfNull(procedures);
        var codes = new List<string> { PlanCoverage };
        foreach (var procedure in procedures)
        {
            var code = ForProcedure(procedure);
            if (code is not null && !codes.Contains(code)) codes.Add(code);
        }
        return codes;
    }

    /// <summary>The service type of one CPT/HCPCS code; null when only plan coverage applies (CPT II/III).</summary>
    public static string? ForProcedure(ProcedureCode procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        switch (procedure.System)
        {
            case ProcedureCodeSystem.CptSupplemental:
                return null;
            case ProcedureCodeSystem.Hcpcs:
                return procedure.Value[0] is 'E' or 'K' or 'L' ? DurableMedicalEquipment : MedicalCare;
        }
        var n = int.Parse(procedure.Value, NumberStyles.None, CultureInfo.InvariantCulture);
        return n switch
        {
            >= 100 and <= 1999 => Anesthesia,
            >= 10004 and <= 69990 => Surgical,
            >= 70010 and <= 79999 => MriCtRanges.Any(r => n >= r.From && n <= r.To) ? MriCtScan : DiagnosticXRay,
            >= 80047 and <= 89398 => DiagnosticLab,
            >= 99202 and <= 99499 => OfficeVisit,
            _ => MedicalCare,
        };
    }
}

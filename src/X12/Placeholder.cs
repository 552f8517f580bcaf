namespace PatientAccess.X12;
internal static class Placeholder;

namespace PatientAccess.Integrations;
internal static class Placeholder;

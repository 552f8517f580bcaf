namespace PatientAccess.Api;
internal static class Placeholder;

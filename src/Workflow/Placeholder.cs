namespace PatientAccess.Workflow;
internal static class Placeholder;

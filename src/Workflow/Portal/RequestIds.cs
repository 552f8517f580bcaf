using System.Text.RegularExpressions;
using PatientAccess.Domain.Common;

namespace PatientAccess.Workflow.Portal;

/// <summary>The client's id of one attempt (a signature, a question): what makes a replayed request the same one.</summary>
internal static partial class RequestIds
{
    /// <summary>The request id when it has the shape of one, else null with a field error on <c>requestId</c>.</summary>
    public static string? Of(string? value, List<ValidationError> errors)
    {
        if (value is not null && Shape().IsMatch(value)) return value;
        errors.Add(new("requestId", "must be 8 to 64 letters, digits, hyphens or underscores (a UUID)"));
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$")]
    private static partial Regex Shape();
}

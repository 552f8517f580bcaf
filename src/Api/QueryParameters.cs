using System.Globalization;
using Microsoft.AspNetCore.Http;
using PatientAccess.Domain.Common;

namespace PatientAccess.Api;

/// <summary>Query string values, read strictly: a value that is there but wrong is a 400 naming it, never a silent default.</summary>
internal static class QueryParameters
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="fallback"/> when absent or empty.</summary>
    /// <exception cref="ValidationException">Not digits only, repeated, or out of range.</exception>
    public static int Int(HttpRequest request, string name, int fallback, int min, int max)
    {
        var values = request.Query[name];
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0]))) return fallback;
        if (values.Count > 1 || values[0] is not { Length: <= 9 } text ||
            !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ValidationException([new(name, $"must be a whole number from {min} to {max}")]);
        }
        return value;
    }

    /// <summary>An enum value by its name (any case); null when absent or empty. Numbers and combinations are refused.</summary>
    /// <exception cref="ValidationException">Not one of the names.</exception>
    public static TEnum? EnumName<TEnum>(HttpRequest request, string name)
        where TEnum : struct, Enum
    {
        var values = request.Query[name];
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0]))) return null;
        return values.Count == 1 && EnumNames.TryParse<TEnum>(values[0], out var parsed)
            ? parsed
            : throw new ValidationException([new(name, $"must be one of {string.Join(", ", Enum.GetNames<TEnum>())}")]);
    }
}

/// <summary>Enum values by their exact names, case-insensitive; never a number or a comma list as <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> takes.</summary>
internal static class EnumNames
{
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        if (string.IsNullOrEmpty(text)) return false;
        foreach (var name in Enum.GetNames<TEnum>())
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                value = Enum.Parse<TEnum>(name);
                return true;
            }
        }
        return false;
    }
}

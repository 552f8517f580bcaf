using System.Text.Json;
using System.Text.Json.Serialization;

namespace PatientAccess.Api;

/// <summary>
/// The JSON contract of the HTTP API: camelCase, enums as strings (names only: a number for an enum is refused), nulls
/// left out, a property given twice refused (two parsers must never read two different requests from one body).
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            AllowDuplicateProperties = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        return options;
    }
}

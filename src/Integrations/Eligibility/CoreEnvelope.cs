using System.Net.Http.Headers;
using System.Text;

namespace PatientAccess.Integrations.Eligibility;

/// <summary>
/// The CAQH CORE connectivity envelope (rule version 2.2.0) as multipart/form-data: the fields of a request, and a
/// small reader for the response's form-data parts.
/// </summary>
public static class CoreEnvelope
{
    public const string Request270 = "X12_270_Request_005010X279A1";
    public const string Response271 = "X12_271_Response_005010X279A1";
    public const string Response999 = "X12_999_Response_005010X231A1";
    public const string EnvelopeError = "CoreEnvelopeError";
    public const string Request278 = "X12_278_Request_005010X217E1_2";
    public const string Response278 = "X12_278_Response_005010X217E1_2";
    public const string RuleVersion = "2.2.0";

    public static MultipartFormDataContent Request(string payload, string payloadId, DateTimeOffset timestamp, string senderId, string receiverId, string payloadType = Request270)
    {
        var content = new MultipartFormDataContent("CORE-" + payloadId);
        Add(content, "PayloadType", payloadType);
        Add(content, "ProcessingMode", "RealTime");
        Add(content, "PayloadID", payloadId);
        Add(content, "TimeStamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        Add(content, "SenderID", senderId);
        Add(content, "ReceiverID", receiverId);
        Add(content, "CORERuleVersion", RuleVersion);
        Add(content, "Payload", payload);
        return content;
    }

    private static void Add(MultipartFormDataContent content, string name, string value)
    {
        var part = new StringContent(value, Encoding.UTF8);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        content.Add(part, name);
    }

    /// <summary>
    /// The form-data fields of a multipart body (name → text). Null when the content type is not multipart or has no
    /// boundary. Tolerates quoted and unquoted names and CRLF or LF line ends.
    /// </summary>
    public static Dictionary<string, string>? ReadFields(MediaTypeHeaderValue? contentType, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (contentType?.MediaType is null || !contentType.MediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)) return null;
        var boundary = contentType.Parameters.FirstOrDefault(p => string.Equals(p.Name, "boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
        if (string.IsNullOrEmpty(boundary)) return null;

        var text = Encoding.UTF8.GetString(body);
        var delimiter = "--" + boundary;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = text.IndexOf(delimiter, StringComparison.Ordinal);
        while (position >= 0)
        {
            var start = position + delimiter.Length;
            if (start + 2 <= text.Length && text.AsSpan(start, 2).SequenceEqual("--")) break;
            var next = text.IndexOf(delimiter, start, StringComparison.Ordinal);
            if (next < 0) break;
            var part = text[start..next];
            var headerEnd = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var separator = 4;
            if (headerEnd < 0)
            {
                headerEnd = part.IndexOf("\n\n", StringComparison.Ordinal);
                separator = 2;
            }
            if (headerEnd >= 0)
            {
                var name = PartName(part[..headerEnd]);
                var value = part[(headerEnd + separator)..];
                if (value.EndsWith("\r\n", StringComparison.Ordinal)) value = value[..^2];
                else if (value.EndsWith('\n')) value = value[..^1];
                if (name is not null) fields[name] = value;
            }
            position = next;
        }
        return fields;
    }

    private static string? PartName(string headers)
    {
        foreach (var line in headers.Split('\n'))
        {
            var trimmed = line.Trim();
            if (!trimmed.StartsWith("Content-Disposition:", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var piece in trimmed["Content-Disposition:".Length..].Split(';'))
            {
                var kv = piece.Trim();
                if (kv.StartsWith("name=", StringComparison.OrdinalIgnoreCase))
                {
                    return kv[5..].Trim('"');
                }
            }
        }
        return null;
    }
}

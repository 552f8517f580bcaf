using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace PatientAccess.Api;

/// <summary>Reads request bodies: JSON only, with a size limit, for every endpoint that takes one.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The body's bytes, at most <paramref name="maxBytes"/>, after the Content-Type said JSON (<c>application/json</c>
    /// or <c>application/*+json</c>, UTF-8 when a charset is named). A declared Content-Length over the limit is refused
    /// before reading; a chunked body is read only up to one byte past the limit, so an oversized one never sits in
    /// memory whole.
    /// </summary>
    /// <exception cref="UnsupportedMediaTypeException">Not JSON.</exception>
    /// <exception cref="PayloadTooLargeException">The body is larger than the limit.</exception>
    public static async Task<byte[]> ReadJsonAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        RequireJson(request);
        if (request.ContentLength > maxBytes)
        {
            throw new PayloadTooLargeException(maxBytes);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new PayloadTooLargeException(maxBytes);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The body as <typeparamref name="T"/>; the error names the JSON path, never the content.</summary>
    /// <exception cref="MalformedRequestException">Not JSON, not an object, or a value of the wrong type.</exception>
    public static T Deserialize<T>(byte[] body)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, ApiJson.Options)
                ?? throw new MalformedRequestException("The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            // JsonException messages can quote the offending value; only the path and position go back.
            var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
            throw new MalformedRequestException(
                $"The body is not valid JSON for this request (at {e.Path ?? "$"}, line {e.LineNumber}, byte {e.BytePositionInLine}).", field);
        }
    }

    private static void RequireJson(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType.Value is not { } media)
        {
            throw new UnsupportedMediaTypeException("Send the body as JSON with Content-Type: application/json.");
        }
        var isJson = media.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
                     (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        if (!isJson)
        {
            throw new UnsupportedMediaTypeException("Send the body as JSON with Content-Type: application/json.");
        }
        if (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !type.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedMediaTypeException("JSON bodies are UTF-8; send charset=utf-8 or no charset.");
        }
    }
}

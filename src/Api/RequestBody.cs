using Microsoft.AspNetCore.Http;

namespace PatientAccess.Api;

/// <summary>Reads request bodies with a size limit, for every endpoint that takes one.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The body's bytes, at most <paramref name="maxBytes"/>. A declared Content-Length over the limit is refused before
    /// reading; a chunked body is read only up to one byte past the limit, so an oversized one never sits in memory whole.
    /// </summary>
    /// <exception cref="MalformedRequestException">The body is larger than the limit.</exception>
    public static async Task<byte[]> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static MalformedRequestException TooLarge(int maxBytes) => new($"The body is larger than {maxBytes} bytes.");
}

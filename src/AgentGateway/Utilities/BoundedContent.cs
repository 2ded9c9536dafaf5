namespace AgentGateway.Utilities;

/// <summary>Reads an HTTP body into memory only up to a size limit.</summary>
internal static class BoundedContent
{
    /// <summary>
    /// The whole content, or null as soon as it turns out longer than <paramref name="limit"/> bytes (whatever its
    /// <c>Content-Length</c> says: a body may be chunked or lie).
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

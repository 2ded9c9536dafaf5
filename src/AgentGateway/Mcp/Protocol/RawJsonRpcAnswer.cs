namespace AgentGateway.Mcp.Protocol;

/// <summary>
/// An upstream's answer (result or error) to a request the gateway relayed as bytes, kept as the bytes it arrived in,
/// with the position of its id so that the client's id can be put in its place.
/// </summary>
internal sealed class RawJsonRpcAnswer
{
    public RawJsonRpcAnswer(byte[] bytes, int idStart, int idLength, bool isError)
    {
        Bytes = bytes;
        IdStart = idStart;
        IdLength = idLength;
        IsError = isError;
    }

    /// <summary>The message: one JSON object on one line, valid UTF-8, without CR or LF.</summary>
    public byte[] Bytes { get; }

    /// <summary>Where the upstream's id value starts in <see cref="Bytes"/>.</summary>
    public int IdStart { get; }

    /// <summary>The length of the upstream's id value.</summary>
    public int IdLength { get; }

    /// <summary>Whether the answer is a JSON-RPC error rather than a result.</summary>
    public bool IsError { get; }

    /// <summary>The length of the message once <paramref name="id"/> replaces the upstream's id.</summary>
    public int LengthWith(ReadOnlySpan<byte> id) => Bytes.Length - IdLength + id.Length;

    /// <summary>Copies the message with <paramref name="id"/> in place of the upstream's id; returns the bytes written.</summary>
    public int CopyTo(Span<byte> destination, ReadOnlySpan<byte> id) => RawJsonRpc.CopyWithId(Bytes, IdStart, IdLength, id, destination);
}

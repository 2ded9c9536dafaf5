using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Protocol;

/// <summary>
/// A client's JSON-RPC request kept as the bytes it arrived in, with what the gateway needs to relay it without
/// parsing it into objects: its method, its id (value and position), and the name or URI it acts on.
/// </summary>
/// <remarks>Made by <see cref="RawJsonRpc.TryParseRequest"/>, which validated the whole message.</remarks>
internal sealed class RawJsonRpcRequest
{
    public RawJsonRpcRequest(byte[] body, string method, RequestId id, int idStart, int idLength)
    {
        Body = body;
        Method = method;
        Id = id;
        IdStart = idStart;
        IdLength = idLength;
    }

    /// <summary>The message as received (one JSON object, valid UTF-8).</summary>
    public byte[] Body { get; }

    /// <summary>The JSON-RPC method.</summary>
    public string Method { get; }

    /// <summary>The client's request id.</summary>
    public RequestId Id { get; }

    /// <summary>Where the id's JSON value starts in <see cref="Body"/>.</summary>
    public int IdStart { get; }

    /// <summary>The length of the id's JSON value (quotes included for a string).</summary>
    public int IdLength { get; }

    /// <summary>The id's JSON value as the client wrote it.</summary>
    public ReadOnlySpan<byte> IdJson => Body.AsSpan(IdStart, IdLength);

    /// <summary><c>params.name</c> when it is a string (tools, prompts), else null.</summary>
    public string? Name { get; init; }

    /// <summary><c>params.uri</c> when it is a string (resources), else null.</summary>
    public string? Uri { get; init; }

    /// <summary><c>params._meta.progressToken</c> as normalized JSON text, or null.</summary>
    public string? ProgressToken { get; init; }
}

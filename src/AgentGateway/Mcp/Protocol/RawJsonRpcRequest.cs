using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Protocol;

/// <summary>
/// A client's JSON-RPC request kept as the bytes it arrived in, with what the gateway needs to relay it without
/// parsing it into objects: its method, its id (position, and value on demand), and the name or URI it acts on.
/// </summary>
/// <remarks>
/// Made by <see cref="RawJsonRpc.TryParseRequest"/>, which validated the whole message. The id, name and URI are
/// turned into strings only when asked for (errors, logs, metrics): relaying needs none of them.
/// </remarks>
internal sealed class RawJsonRpcRequest
{
    private readonly Range _name;
    private readonly Range _uri;
    private RequestId? _id;
    private string? _nameValue;
    private string? _uriValue;

    /// <param name="body">The message as received.</param>
    /// <param name="method">The method.</param>
    /// <param name="idStart">Where the id's JSON value starts in <paramref name="body"/>.</param>
    /// <param name="idLength">The length of the id's JSON value.</param>
    /// <param name="name">Where <c>params.name</c>'s JSON string is (quotes included), or an empty range.</param>
    /// <param name="uri">Where <c>params.uri</c>'s JSON string is (quotes included), or an empty range.</param>
    public RawJsonRpcRequest(byte[] body, string method, int idStart, int idLength, Range name = default, Range uri = default)
    {
        Body = body;
        Method = method;
        IdStart = idStart;
        IdLength = idLength;
        _name = name;
        _uri = uri;
    }

    /// <summary>The message as received (one JSON object, valid UTF-8).</summary>
    public byte[] Body { get; }

    /// <summary>The JSON-RPC method.</summary>
    public string Method { get; }

    /// <summary>The client's request id.</summary>
    public RequestId Id => _id ??= ReadId();

    /// <summary>Where the id's JSON value starts in <see cref="Body"/>.</summary>
    public int IdStart { get; }

    /// <summary>The length of the id's JSON value (quotes included for a string).</summary>
    public int IdLength { get; }

    /// <summary>The id's JSON value as the client wrote it.</summary>
    public ReadOnlyMemory<byte> IdJson => Body.AsMemory(IdStart, IdLength);

    /// <summary><c>params.name</c> when it is a string (tools, prompts), else null.</summary>
    public string? Name => _nameValue ??= ReadString(_name);

    /// <summary><c>params.uri</c> when it is a string (resources), else null.</summary>
    public string? Uri => _uriValue ??= ReadString(_uri);

    /// <summary><c>params._meta.progressToken</c> as normalized JSON text, or null.</summary>
    public string? ProgressToken { get; init; }

    private RequestId ReadId()
    {
        var reader = new Utf8JsonReader(IdJson.Span);
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? new RequestId(reader.GetString()!) : new RequestId(reader.GetInt64());
    }

    private string? ReadString(Range range)
    {
        if (range.Equals(default(Range)))
        {
            return null;
        }

        var reader = new Utf8JsonReader(Body.AsSpan(range));
        reader.Read();
        return reader.GetString();
    }
}

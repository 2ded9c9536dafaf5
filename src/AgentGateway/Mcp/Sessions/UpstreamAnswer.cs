using AgentGateway.Mcp.Protocol;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// An upstream's answer to a request: a parsed message, or, for a request relayed as bytes, the answer's own bytes.
/// </summary>
internal readonly struct UpstreamAnswer
{
    public UpstreamAnswer(JsonRpcMessage message) => Message = message;

    public UpstreamAnswer(RawJsonRpcAnswer raw) => Raw = raw;

    /// <summary>The parsed answer, or null when it is <see cref="Raw"/>.</summary>
    public JsonRpcMessage? Message { get; }

    /// <summary>The answer as bytes, or null when it is <see cref="Message"/>.</summary>
    public RawJsonRpcAnswer? Raw { get; }

    /// <summary>Whether the answer is a result (not a JSON-RPC error).</summary>
    public bool IsResult => Raw is { } raw ? !raw.IsError : Message is JsonRpcResponse;
}

using AgentGateway.Mcp.Protocol;

namespace AgentGateway.Mcp.Upstreams;

/// <summary>Takes an upstream's answer as bytes when it belongs to a request that was relayed as bytes.</summary>
internal interface IRawAnswerReceiver
{
    /// <summary>
    /// Completes the request <paramref name="info"/> answers with a copy of <paramref name="line"/>; false when no such
    /// request waits (the line then goes the parsed way).
    /// </summary>
    bool TryReceive(ReadOnlySpan<byte> line, RawJsonRpcAnswerInfo info);
}

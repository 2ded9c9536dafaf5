using System.Threading.Channels;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Upstreams;

/// <summary>A connected message pipe to one MCP server (a target), for one downstream session.</summary>
internal interface IMcpUpstream : IAsyncDisposable
{
    /// <summary>The target name.</summary>
    string Target { get; }

    /// <summary>Messages from the server. Completes when the server goes away.</summary>
    ChannelReader<JsonRpcMessage> Messages { get; }

    /// <summary>Sends one message to the server.</summary>
    Task SendAsync(JsonRpcMessage message, CancellationToken cancellationToken);
}

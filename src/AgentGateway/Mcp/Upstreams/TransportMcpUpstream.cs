using System.Threading.Channels;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Upstreams;

/// <summary>An <see cref="IMcpUpstream"/> over an MCP SDK transport (stdio, SSE or streamable HTTP), raw messages only.</summary>
/// <remarks>The SDK transport keeps <c>params</c> and <c>result</c> as raw JSON, so no field is lost.</remarks>
internal sealed class TransportMcpUpstream : IMcpUpstream
{
    private readonly ITransport _transport;

    public TransportMcpUpstream(string target, ITransport transport)
    {
        Target = target;
        _transport = transport;
    }

    public string Target { get; }

    public ChannelReader<JsonRpcMessage> Messages => _transport.MessageReader;

    public async Task SendAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _transport.SendMessageAsync(message, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // 404 on a session request: the server no longer knows the session (it expired or the server restarted);
            // it did not run the request.
            var sessionLost = ex is HttpRequestException { StatusCode: System.Net.HttpStatusCode.NotFound };
            throw new McpUpstreamException(Target, McpUpstreamError.SendFailed, $"sending to MCP target '{Target}' failed: {ex.Message}", ex)
            {
                RequestMayHaveRun = !sessionLost,
            };
        }
    }

    public ValueTask DisposeAsync() => _transport.DisposeAsync();
}

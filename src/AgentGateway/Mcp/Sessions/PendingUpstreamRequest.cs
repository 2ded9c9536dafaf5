using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Sessions;

/// <summary>A request sent to an upstream and not yet answered.</summary>
internal sealed class PendingUpstreamRequest : IDisposable
{
    private readonly TimeSpan _timeout;

    public PendingUpstreamRequest(long upstreamId, RequestId? downstreamId, IMcpMessageSink? sink, TimeSpan timeout)
    {
        UpstreamId = upstreamId;
        DownstreamId = downstreamId;
        Sink = sink;
        _timeout = timeout;
        Timeout = new CancellationTokenSource(timeout);
    }

    /// <summary>The id the gateway gave the request upstream.</summary>
    public long UpstreamId { get; }

    /// <summary>The client's id, when the request came from a client request.</summary>
    public RequestId? DownstreamId { get; }

    /// <summary>Where related notifications and server→client requests go.</summary>
    public IMcpMessageSink? Sink { get; }

    /// <summary>The request's progress token as JSON text, or null.</summary>
    public string? ProgressToken { get; init; }

    /// <summary>Completed with the upstream's response or error.</summary>
    public TaskCompletionSource<JsonRpcMessage> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Fires when the request has waited too long without progress.</summary>
    public CancellationTokenSource Timeout { get; }

    /// <summary>Progress arrived: the request is alive, restart its timeout.</summary>
    public void OnProgress()
    {
        try
        {
            Timeout.CancelAfter(_timeout);
        }
        catch (ObjectDisposedException)
        {
            // Completed concurrently.
        }
    }

    public void Dispose() => Timeout.Dispose();
}

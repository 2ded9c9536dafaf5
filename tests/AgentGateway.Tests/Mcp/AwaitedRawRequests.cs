using AgentGateway.Mcp.Protocol;
using AgentGateway.Mcp.Sessions;

namespace AgentGateway.Tests.Mcp;

/// <summary>
/// <see cref="UpstreamConnection.StartRawRequest"/> as a task to await, for tests: the callback settles a task completion
/// source kept as the request's callback state (the gateway itself never waits on a raw request: its relay is called back).
/// </summary>
internal static class AwaitedRawRequests
{
    /// <summary>Sends <paramref name="request"/> as bytes and completes with its answer, or fails as the request did.</summary>
    public static Task<UpstreamAnswer> SendRawRequestAsync(
        this UpstreamConnection connection, RawJsonRpcRequest request, IMcpMessageSink? sink, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<UpstreamAnswer>();
        connection.StartRawRequest(request, sink, timeout, Callback.Instance, completion, cancellationToken);
        return completion.Task;
    }

    private sealed class Callback : IRawAnswerCallback
    {
        public static Callback Instance { get; } = new();

        public void OnRawAnswer(UpstreamConnection connection, PendingUpstreamRequest pending, UpstreamAnswer answer, Exception? error)
        {
            var completion = (TaskCompletionSource<UpstreamAnswer>)pending.CallbackState!;
            _ = error switch
            {
                null => completion.TrySetResult(answer),
                OperationCanceledException cancelled => completion.TrySetCanceled(cancelled.CancellationToken),
                _ => completion.TrySetException(error),
            };
        }
    }
}

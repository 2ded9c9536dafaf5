namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// The callback of <see cref="UpstreamConnection.SendRawRequestAsync"/>: settles the task completion source kept as the
/// request's callback state.
/// </summary>
internal sealed class AwaitedRawAnswer : IRawAnswerCallback
{
    public static AwaitedRawAnswer Instance { get; } = new();

    private AwaitedRawAnswer()
    {
    }

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

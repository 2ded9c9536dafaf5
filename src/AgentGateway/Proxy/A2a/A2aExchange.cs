using AgentGateway.Proxy.Authentication;

namespace AgentGateway.Proxy.A2a;

/// <summary>
/// The A2A side of one forwarded request: a GET of an agent card is marked for rewriting; a JSON POST has its
/// JSON-RPC method read from the first bytes of the body (which still streams on), and the first bytes of a JSON
/// answer are kept to read the outcome. Nothing is buffered beyond <see cref="PeekLimit"/> bytes each way.
/// </summary>
internal sealed class A2aExchange : IDisposable
{
    /// <summary>How much of a request or response is looked at: JSON-RPC puts <c>method</c>, <c>result</c> and <c>error</c> at the top level, near the start.</summary>
    public const int PeekLimit = 64 * 1024;

    private Stream? _originalResponseBody;
    private CapturingWriteStream? _capture;

    private A2aExchange(A2aRequestInfo info, string? agentCardOrigin)
    {
        Info = info;
        AgentCardOrigin = agentCardOrigin;
    }

    /// <summary>What is reported (also set as a request feature).</summary>
    public A2aRequestInfo Info { get; }

    /// <summary>For an agent-card request: the gateway's <c>scheme://host[:port]</c> to point the card at; otherwise null.</summary>
    public string? AgentCardOrigin { get; }

    /// <summary>Classifies the request, and for a JSON-RPC call starts capturing the answer.</summary>
    public static async Task<A2aExchange> BeginAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var info = new A2aRequestInfo();
        context.Features.Set(info);
        if (HttpMethods.IsGet(request.Method) && A2aAgentCard.IsCardPath(request.Path.Value ?? ""))
        {
            info.Method = A2aMethods.AgentCard;
            return new A2aExchange(info, PublicBaseUrl.Resolve(request, configuredResource: null));
        }

        var exchange = new A2aExchange(info, null);
        if (HttpMethods.IsPost(request.Method) && IsJson(request.ContentType))
        {
            info.Method = await PeekMethodAsync(request, cancellationToken) ?? A2aMethods.Unknown;
            exchange._originalResponseBody = context.Response.Body;
            exchange._capture = new CapturingWriteStream(context.Response.Body, PeekLimit);
            context.Response.Body = exchange._capture;
        }

        return exchange;
    }

    /// <summary>Restores the response stream and reads the outcome of a JSON answer.</summary>
    public void Complete(HttpContext context)
    {
        if (_capture is null)
        {
            if (Info.Method == A2aMethods.AgentCard)
            {
                Info.Outcome = context.Response.StatusCode < 400 ? "success" : "error";
            }

            return;
        }

        context.Response.Body = _originalResponseBody!;
        if (IsJson(context.Response.ContentType))
        {
            (Info.Outcome, Info.ErrorCode) = A2aJsonRpc.ReadOutcome(_capture.Captured, _capture.IsComplete);
        }
        else
        {
            Info.Outcome = A2aRequestInfo.UnknownOutcome;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _capture?.Dispose();

    /// <summary>Reads up to <see cref="PeekLimit"/> bytes of the body, then puts them back in front of the rest.</summary>
    private static async Task<string?> PeekMethodAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new byte[PeekLimit];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        var complete = length < buffer.Length;
        request.Body = new PrefixedReadStream(buffer.AsMemory(0, length), request.Body);
        return A2aJsonRpc.ReadMethod(buffer.AsSpan(0, length), complete);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));
}

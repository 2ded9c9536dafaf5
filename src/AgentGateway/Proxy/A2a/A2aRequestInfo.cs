namespace AgentGateway.Proxy.A2a;

/// <summary>
/// What the gateway learned about one A2A request, for the access log and the metrics: set as an
/// <see cref="HttpContext"/> feature on <c>a2a</c> routes.
/// </summary>
internal sealed class A2aRequestInfo
{
    /// <summary>The <see cref="Outcome"/> when the answer could not be read (not JSON, too long, not JSON-RPC).</summary>
    public const string UnknownOutcome = "unknown";

    /// <summary>The JSON-RPC method as the client sent it (<c>message/send</c>, <c>SendMessage</c>), <c>agent-card</c> for a card, or <c>unknown</c>.</summary>
    public string? Method { get; set; }

    /// <summary><c>success</c> (a <c>result</c>), <c>error</c> (an <c>error</c>), or <c>unknown</c>.</summary>
    public string? Outcome { get; set; }

    /// <summary>The JSON-RPC error code of an <c>error</c> answer.</summary>
    public long? ErrorCode { get; set; }

    /// <summary>The outcome as logged: <c>success</c>, <c>error:-32601</c>, <c>unknown</c>.</summary>
    public string? LoggedOutcome => Outcome == "error" && ErrorCode is { } code ? $"error:{code}" : Outcome;
}

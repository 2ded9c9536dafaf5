using AgentGateway.Telemetry;

namespace AgentGateway.Mcp.Upstreams;

/// <summary>
/// Puts W3C <c>traceparent</c>/<c>tracestate</c> headers on requests to HTTP MCP targets, from the gateway's client span
/// of the call being sent. Added to the upstream HTTP client only when <c>config.tracing</c> is set.
/// </summary>
/// <remarks>
/// Headers already on the request are replaced. The span must be the gateway's own: .NET's HTTP stack would otherwise
/// propagate whatever activity is current (e.g. ASP.NET Core's unexported request activity). .NET's own propagation runs
/// after this handler and does not overwrite a <c>traceparent</c> that is already there.
/// </remarks>
internal sealed class TraceContextHandler(GatewayTracing tracing) : DelegatingHandler
{
    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (tracing.Current is { Id: { } id } span)
        {
            request.Headers.Remove(GatewayTracing.TraceParent);
            request.Headers.Remove(GatewayTracing.TraceState);
            request.Headers.TryAddWithoutValidation(GatewayTracing.TraceParent, id);
            if (span.TraceStateString is { Length: > 0 } state)
            {
                request.Headers.TryAddWithoutValidation(GatewayTracing.TraceState, state);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}

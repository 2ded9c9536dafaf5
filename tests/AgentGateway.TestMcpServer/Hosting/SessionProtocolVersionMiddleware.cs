using Microsoft.AspNetCore.Http;

namespace AgentGateway.TestMcpServer.Hosting;

/// <summary>
/// Drops an initialize-era <c>MCP-Protocol-Version</c> header from requests that carry an <c>Mcp-Session-Id</c>, so the
/// session's negotiated version applies.
/// </summary>
/// <remarks>
/// SDK 2.4.0 rejects (-32600 "The negotiated protocol version cannot change within a session") any request whose header
/// differs from the version negotiated at initialize. The conformance suite's raw requests in server-sse-polling and
/// server-sse-multiple-streams send <c>mcp-protocol-version: 2025-03-26</c> on a session that negotiated 2025-11-25, which
/// would otherwise make test_reconnection fail before it runs. Unknown values are left alone (the SDK answers 400).
/// </remarks>
public sealed class SessionProtocolVersionMiddleware(RequestDelegate next)
{
    private const string SessionHeader = "Mcp-Session-Id";
    private const string VersionHeader = "MCP-Protocol-Version";
    private static readonly string[] SessionVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

    /// <summary>Applies the rewrite.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers;
        if (headers.ContainsKey(SessionHeader) && headers.TryGetValue(VersionHeader, out var version)
            && SessionVersions.Contains(version.ToString(), StringComparer.Ordinal))
        {
            headers.Remove(VersionHeader);
        }

        return next(context);
    }
}

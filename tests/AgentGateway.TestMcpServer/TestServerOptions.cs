using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace AgentGateway.TestMcpServer;

/// <summary>Settings for one test MCP server instance.</summary>
public sealed record TestServerOptions
{
    /// <summary>Default server name reported in <c>serverInfo.name</c>.</summary>
    public const string DefaultName = "test-server";

    /// <summary>Gets the server name reported in <c>serverInfo.name</c> and in the <c>test://info</c> resource.</summary>
    public string Name { get; init; } = DefaultName;

    /// <summary>Gets the optional <c>instructions</c> returned from <c>initialize</c>.</summary>
    public string? Instructions { get; init; }

    /// <summary>Gets the transport; <see cref="TestServerHost"/> sets this itself.</summary>
    public TestServerTransport Transport { get; init; } = TestServerTransport.Http;

    /// <summary>Gets the HTTP port to bind on 127.0.0.1; 0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Gets a value indicating whether POST SSE streams are resumable (an in-memory event store: priming events with ids,
    /// <c>retry:</c>, replay on GET with <c>Last-Event-ID</c>). Needed by the <c>server-sse-polling</c> conformance scenario
    /// and the <c>test_reconnection</c> tool.
    /// </summary>
    public bool Resumable { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether requests whose Host or Origin is not localhost/127.0.0.1/[::1] are refused with 403
    /// (DNS-rebinding protection, checked by the <c>dns-rebinding-protection</c> conformance scenario).
    /// </summary>
    public bool LocalhostOnly { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether an initialize-era <c>MCP-Protocol-Version</c> header on a request inside a session is
    /// ignored (the negotiated version applies) instead of being rejected by the SDK when it differs from the negotiated one.
    /// The conformance suite needs this; see <see cref="Hosting.SessionProtocolVersionMiddleware"/>.
    /// </summary>
    public bool LenientSessionProtocolVersion { get; init; } = true;

    /// <summary>Gets the HTTPS settings (certificate, client certificates) when the HTTP server is to serve TLS; null for plain HTTP.</summary>
    public Action<HttpsConnectionAdapterOptions>? Https { get; init; }

    /// <summary>Gets the minimum level of the server's own logs (always written to stderr).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;
}

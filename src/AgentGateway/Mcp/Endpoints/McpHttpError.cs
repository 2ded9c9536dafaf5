namespace AgentGateway.Mcp.Endpoints;

/// <summary>Transport-level failures of the MCP HTTP endpoint, mapped to HTTP in <see cref="McpHttpResults.Map"/>.</summary>
internal enum McpHttpError
{
    /// <summary>The body is not JSON.</summary>
    ParseError,

    /// <summary>The body is JSON but not a valid JSON-RPC message (or batch).</summary>
    InvalidRequest,

    /// <summary>A request other than <c>initialize</c> came without <c>Mcp-Session-Id</c>.</summary>
    MissingSession,

    /// <summary>The session does not exist (never did, expired, or was deleted): the client must re-initialize.</summary>
    SessionNotFound,

    /// <summary>The <c>MCP-Protocol-Version</c> header names a revision the gateway does not speak.</summary>
    UnsupportedProtocolVersion,

    /// <summary>A 2026-07-28 routing header (<c>Mcp-Method</c>, <c>Mcp-Name</c>) disagrees with the body.</summary>
    HeaderMismatch,

    /// <summary>The method is not served (e.g. GET on a stateless backend).</summary>
    MethodNotAllowed,

    /// <summary>The <c>Accept</c> header does not allow the answer's media types.</summary>
    NotAcceptable,

    /// <summary>The session already has a GET stream.</summary>
    StreamConflict,

    /// <summary>The body exceeds the size limit.</summary>
    PayloadTooLarge,

    /// <summary>The body is not <c>application/json</c>.</summary>
    UnsupportedMediaType,

    /// <summary><c>config.mcp.maxSessions</c> sessions are alive and busy: a new one cannot start now (503).</summary>
    SessionLimitReached,

    /// <summary>The caller holds <c>config.mcp.maxSessionsPerCaller</c> sessions, all busy: it cannot start another now (429).</summary>
    CallerSessionLimitReached,

    /// <summary>DNS-rebinding protection refused a non-local Host or Origin (403).</summary>
    ForbiddenOrigin,
}

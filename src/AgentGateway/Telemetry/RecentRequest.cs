namespace AgentGateway.Telemetry;

/// <summary>
/// One request in <see cref="RecentRequests"/>, as the admin API's <c>GET /requests</c> shows it: the access log's fields,
/// never a token, a query string or a full session id.
/// </summary>
/// <param name="Sequence">Increases by one per request recorded since the start (newest has the highest).</param>
/// <param name="Time">When the request ended (UTC).</param>
/// <param name="Route">The route's key (<c>port/listener/route</c>), or <c>-</c> when none matched.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, without query string; cut at <see cref="RecentRequests.MaxPathLength"/> characters.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Reason">Why it ended so, as the metrics' <c>reason</c> label: <c>ok</c>, <c>authentication</c>, <c>authorization</c>, <c>not_found</c>, <c>too_large</c>, <c>bad_request</c>, <c>upstream</c>, <c>error</c>.</param>
/// <param name="DurationMs">Milliseconds from the first byte in to the last byte out.</param>
/// <param name="McpMethod">The JSON-RPC method, when one was parsed.</param>
/// <param name="McpTarget">The MCP target, when one can be named.</param>
/// <param name="McpName">The tool, prompt or resource the request named.</param>
/// <param name="Subject">The validated token's <c>sub</c>, when the request was authenticated.</param>
/// <param name="Session">The first 8 characters of the MCP session id.</param>
internal sealed record RecentRequest(
    long Sequence,
    DateTimeOffset Time,
    string Route,
    string Method,
    string Path,
    int Status,
    string Reason,
    double DurationMs,
    string? McpMethod,
    string? McpTarget,
    string? McpName,
    string? Subject,
    string? Session);

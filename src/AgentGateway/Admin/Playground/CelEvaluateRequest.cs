using System.Text.Json;

namespace AgentGateway.Admin.Playground;

/// <summary>The body of <c>POST /cel/evaluate</c>: a rule and the request it is evaluated against.</summary>
/// <param name="Expression">The CEL expression. Required; at most <see cref="CelPlayground.MaxExpressionLength"/> characters.</param>
/// <param name="Claims">The validated token's claims (<c>jwt</c>, <c>auth.claims</c>) as a JSON object; absent: an anonymous request.</param>
/// <param name="Environment">
/// <c>authorization</c> (default: <c>jwt</c>, <c>auth</c>, <c>request</c>, <c>source</c>) or <c>mcpAuthorization</c>
/// (the same plus <c>mcp</c>), the environments of the configuration's rules.
/// </param>
/// <param name="Request">The HTTP request seen as <c>request</c>; absent: <c>POST /mcp</c> on <c>localhost</c> without headers.</param>
/// <param name="Mcp">For <c>mcpAuthorization</c>: what <c>mcp</c> is about; absent: a tool named <c>echo</c> of target <c>everything</c>.</param>
internal sealed record CelEvaluateRequest(
    string? Expression,
    JsonElement? Claims = null,
    string? Environment = null,
    CelPlaygroundRequest? Request = null,
    CelPlaygroundMcp? Mcp = null);

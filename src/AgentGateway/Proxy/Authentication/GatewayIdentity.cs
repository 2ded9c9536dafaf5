using System.Text.Json;

namespace AgentGateway.Proxy.Authentication;

/// <summary>
/// The caller a valid token proved, attached to the request for later policies (CEL <c>jwt.*</c>, <c>auth.claims.*</c>),
/// the MCP engine (sessions belong to their caller) and logs (<c>jwt.sub</c>). Never logged as a whole.
/// </summary>
/// <param name="Issuer">The token's <c>iss</c>.</param>
/// <param name="Subject">The token's <c>sub</c>, or null.</param>
/// <param name="Claims">The token's payload, read in place.</param>
/// <param name="ExpiresAt">The token's <c>exp</c>, or null.</param>
internal sealed record GatewayIdentity(string Issuer, string? Subject, JsonElement Claims, DateTimeOffset? ExpiresAt);

using AgentGateway.Cel;
using AgentGateway.Config.Model;

namespace AgentGateway.Proxy.RateLimiting;

/// <summary>
/// The compiled <c>localRateLimit</c> of a route (its own, or its listener's — then shared by every route of the
/// listener, so the limit is the listener's). Rules whose key names <c>mcp</c> are applied per <c>tools/call</c> by the
/// MCP engine (<see cref="McpCallLimiter"/>); the others per HTTP request, after authorization.
/// </summary>
internal sealed class LocalRateLimitPolicy
{
    private LocalRateLimitPolicy(IReadOnlyList<LocalRateLimitRule> rules)
    {
        HttpRules = [.. rules.Where(r => r.Scope == RateLimitScope.Http)];
        McpRules = [.. rules.Where(r => r.Scope == RateLimitScope.Mcp)];
    }

    /// <summary>Rules counting HTTP requests.</summary>
    public LocalRateLimitRule[] HttpRules { get; }

    /// <summary>Rules counting MCP tool calls.</summary>
    public LocalRateLimitRule[] McpRules { get; }

    /// <summary>Whether any HTTP rule has a key (and so needs the request's CEL variables).</summary>
    public bool HttpNeedsVariables => HttpRules.Any(r => r.Key is not null);

    /// <summary>Compiles validated rules.</summary>
    public static LocalRateLimitPolicy Compile(IReadOnlyList<LocalRateLimitConfig> rules) =>
        new([.. rules.Select((r, i) => LocalRateLimitRule.Compile(r, i))]);

    /// <summary>
    /// Takes a token from each rule of <paramref name="rules"/> in order, stopping at the first refusal (later rules are not
    /// charged). Returns the refusal, or the tightest grant (for the <c>x-ratelimit-*</c> headers); null without rules.
    /// </summary>
    public static RateLimitDecision? Acquire(LocalRateLimitRule[] rules, ICelActivation? activation, long now)
    {
        RateLimitDecision? reported = null;
        foreach (var rule in rules)
        {
            var decision = rule.Acquire(activation, now);
            if (!decision.Allowed)
            {
                return decision;
            }

            if (reported is not { } tightest || decision.IsTighterThan(tightest))
            {
                reported = decision;
            }
        }

        return reported;
    }
}

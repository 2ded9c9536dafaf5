using AgentGateway.Cel;
using AgentGateway.Config.Loading;
using AgentGateway.Config.Model;

namespace AgentGateway.Proxy.RateLimiting;

/// <summary>
/// The compiled <c>localRateLimit</c> of a route (its own, or its listener's — then shared by every route of the
/// listener, so the limit is the listener's). Rules whose key names <c>mcp</c> are applied per <c>tools/call</c> by the
/// MCP engine (<see cref="McpCallLimiter"/>); the others per HTTP request, after authorization.
/// </summary>
internal sealed class LocalRateLimitPolicy
{
    private LocalRateLimitPolicy(string owner, IReadOnlyList<LocalRateLimitConfig> source, IReadOnlyList<LocalRateLimitRule> rules)
    {
        Owner = owner;
        Source = source;
        HttpRules = [.. rules.Where(r => r.Scope == RateLimitScope.Http)];
        McpRules = [.. rules.Where(r => r.Scope == RateLimitScope.Mcp)];
        HttpNeedsVariables = HttpRules.Any(r => r.Key is not null);
    }

    /// <summary>Where the rules are written (<c>listener:port/name</c> or <c>route:port/listener/route</c>): on reload, the same owner with the same rules keeps its buckets.</summary>
    public string Owner { get; }

    /// <summary>The rules as configured.</summary>
    public IReadOnlyList<LocalRateLimitConfig> Source { get; }

    /// <summary>Rules counting HTTP requests.</summary>
    public LocalRateLimitRule[] HttpRules { get; }

    /// <summary>Rules counting MCP tool calls.</summary>
    public LocalRateLimitRule[] McpRules { get; }

    /// <summary>Whether any HTTP rule has a key (and so needs the request's CEL variables).</summary>
    public bool HttpNeedsVariables { get; }

    /// <summary>
    /// Compiles validated rules written at <paramref name="owner"/>, or returns the policy of the previous configuration
    /// when it has the same owner and the same rules: a reload that leaves the limits alone keeps every bucket, so editing
    /// an unrelated part of the file does not hand every caller a full bucket.
    /// </summary>
    public static LocalRateLimitPolicy Compile(IReadOnlyList<LocalRateLimitConfig> rules, string owner, IReadOnlyDictionary<string, LocalRateLimitPolicy>? previous = null) =>
        previous is not null && previous.TryGetValue(owner, out var kept) && ConfigComparer.AreEqual(kept.Source, rules)
            ? kept
            : new(owner, rules, [.. rules.Select((r, i) => LocalRateLimitRule.Compile(r, i))]);

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

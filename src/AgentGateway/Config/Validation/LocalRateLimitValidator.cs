using AgentGateway.Cel;
using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>
/// Checks <c>localRateLimit</c>: every rule has a token (<c>maxTokens</c> ≥ 1), refills (<c>tokensPerFill</c> between 1
/// and <c>maxTokens</c>, <c>fillInterval</c> &gt; 0), and a <c>key</c> that compiles over the request's variables, or over
/// them plus <c>mcp</c>. Listener and route only.
/// </summary>
internal sealed class LocalRateLimitValidator : IConfigSectionValidator
{
    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        foreach (var (policies, path) in ConfigTree.Policies(config))
        {
            if (policies.LocalRateLimit is { } rules)
            {
                ValidateRules(rules, path.Property("localRateLimit"), context);
            }
        }

        foreach (var (backend, path) in ConfigTree.RouteBackends(config))
        {
            if (backend.Policies?.LocalRateLimit is not null)
            {
                context.AddError(path.Property("policies").Property("localRateLimit"),
                    "'localRateLimit' applies to a route or a listener; move it to the route's policies");
            }
        }

        foreach (var (target, path) in ConfigTree.McpTargets(config))
        {
            if (target.Policies?.LocalRateLimit is not null)
            {
                context.AddError(path.Property("policies").Property("localRateLimit"),
                    "'localRateLimit' applies to a route or a listener; move it to the route's policies (a key such as 'mcp.tool.target' limits per target)");
            }
        }
    }

    private static void ValidateRules(IReadOnlyList<LocalRateLimitConfig> rules, ConfigPath path, ConfigValidationContext context)
    {
        if (rules.Count == 0)
        {
            context.AddError(path, "the list is empty; add a rule such as {maxTokens: 10, tokensPerFill: 1, fillInterval: 60s}, or remove 'localRateLimit'");
        }

        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var rulePath = path.Index(i);
            if (rule.MaxTokens < 1)
            {
                context.AddError(rulePath.Property("maxTokens"),
                    $"every rule needs 'maxTokens' of at least 1 (the largest burst), got {rule.MaxTokens}");
            }

            if (rule.TokensPerFill < 1)
            {
                context.AddError(rulePath.Property("tokensPerFill"),
                    $"every rule needs 'tokensPerFill' of at least 1 (tokens added each fillInterval), got {rule.TokensPerFill}");
            }
            else if (rule.MaxTokens >= 1 && rule.TokensPerFill > rule.MaxTokens)
            {
                context.AddError(rulePath.Property("tokensPerFill"),
                    $"'tokensPerFill' ({rule.TokensPerFill}) cannot exceed 'maxTokens' ({rule.MaxTokens}); raise maxTokens or lower tokensPerFill");
            }

            if (rule.FillInterval is not { } interval)
            {
                context.AddError(rulePath, "every rule needs 'fillInterval', how often tokens are added (e.g. 1s or 60s)");
            }
            else if (interval <= TimeSpan.Zero)
            {
                context.AddError(rulePath.Property("fillInterval"), "'fillInterval' must be greater than zero (e.g. 1s or 60s)");
            }

            if (rule.Key is { } key && GetKeyError(key) is { } keyError)
            {
                context.AddError(rulePath.Property("key"), keyError);
            }
        }
    }

    /// <summary>Why <paramref name="key"/> is not a usable key: it must compile over the request's variables, or over them plus <c>mcp</c>.</summary>
    private static string? GetKeyError(string key) =>
        CelRules.GetCompileError(GatewayCel.RequestRules, key) is null ? null : CelRules.GetCompileError(GatewayCel.McpRules, key);
}

namespace AgentGateway.Config.Model;

/// <summary>
/// CEL authorization rules (<c>authorization</c> for whole requests, <c>mcpAuthorization</c> per tool, prompt and resource).
/// Any <c>deny</c> that holds denies; every <c>require</c> must hold; then any <c>allow</c> that holds allows; with
/// allow rules and none holding, the request is denied; with none at all, it is allowed. A rule whose evaluation
/// errors (a missing claim) does not hold.
/// </summary>
public sealed record AuthorizationConfig
{
    /// <summary>The rules: a plain string is an allow rule.</summary>
    public IReadOnlyList<AuthorizationRuleConfig> Rules { get; init; } = [];
}

namespace AgentGateway.Config.Model;

/// <summary>One rule: exactly one of <see cref="Allow"/>, <see cref="If"/> (the same), <see cref="Deny"/> or <see cref="Require"/>. A plain string is an allow rule.</summary>
[ConfigScalarForm(nameof(Allow))]
public sealed record AuthorizationRuleConfig
{
    /// <summary>A CEL expression that allows the request when true.</summary>
    public string? Allow { get; init; }

    /// <summary>The same as <see cref="Allow"/>, as the product document writes it (<c>- if: '…'</c>).</summary>
    public string? If { get; init; }

    /// <summary>A CEL expression that denies the request when true.</summary>
    public string? Deny { get; init; }

    /// <summary>A CEL expression that must be true for the request to be allowed.</summary>
    public string? Require { get; init; }
}

namespace AgentGateway.Cel.Parsing;

/// <summary>One <c>key: value</c> entry of a map literal, or <c>?key: value</c> when the value is optional.</summary>
/// <param name="Key">The key expression.</param>
/// <param name="Value">The value expression.</param>
/// <param name="IsOptional">Whether the entry is only added when the optional value holds a value.</param>
internal sealed record MapEntryExpr(Expr Key, Expr Value, bool IsOptional);

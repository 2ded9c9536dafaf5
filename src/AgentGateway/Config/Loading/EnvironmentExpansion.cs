namespace AgentGateway.Config.Loading;

/// <summary>The result of <see cref="EnvironmentExpander.Expand"/>.</summary>
/// <param name="Text">The text with every reference replaced (failed ones by a placeholder, see <see cref="EnvironmentExpander"/>).</param>
/// <param name="Substitutions">Every replacement, in order, to map positions back to the original text.</param>
/// <param name="Problems">Every reference that failed: unset variables and malformed references.</param>
internal sealed record EnvironmentExpansion(string Text, IReadOnlyList<TextSubstitution> Substitutions, IReadOnlyList<ExpansionProblem> Problems);

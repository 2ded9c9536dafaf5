namespace AgentGateway.Config.Validation;

/// <summary>Where a YAML node is in the configuration text.</summary>
/// <param name="Line">1-based line of the node's first character, in the file as written (before <c>${VAR}</c> expansion).</param>
/// <param name="Column">1-based column of the node's first character, in the file as written.</param>
/// <param name="Start">Offset of the node's first character in the parsed (expanded) text.</param>
/// <param name="End">Offset just past the node's last character in the parsed (expanded) text.</param>
/// <param name="IsScalar">Whether the node is a scalar (not a list or a mapping).</param>
internal readonly record struct ConfigSourceSpan(int Line, int Column, long Start, long End, bool IsScalar);

namespace AgentGateway.Config.Loading;

/// <summary>A <c>${VAR}</c> reference that could not be expanded.</summary>
/// <param name="OriginalOffset">Offset of its <c>$</c> in the original text.</param>
/// <param name="ExpandedOffset">Offset of what replaced it in the expanded text (used to find the YAML node it is in).</param>
/// <param name="Message">What is wrong and what to do.</param>
internal readonly record struct ExpansionProblem(long OriginalOffset, long ExpandedOffset, string Message);

namespace AgentGateway.Config.Loading;

/// <summary>One replacement made by <c>${VAR}</c> expansion: a range of the original text and the range that replaced it.</summary>
/// <param name="OriginalStart">Offset of the first replaced character in the original text.</param>
/// <param name="OriginalEnd">Offset just past the replaced characters in the original text.</param>
/// <param name="ExpandedStart">Offset of the replacement in the expanded text.</param>
/// <param name="ExpandedEnd">Offset just past the replacement in the expanded text.</param>
internal readonly record struct TextSubstitution(long OriginalStart, long OriginalEnd, long ExpandedStart, long ExpandedEnd);

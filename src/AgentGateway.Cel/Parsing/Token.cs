namespace AgentGateway.Cel.Parsing;

/// <summary>One token: its kind, where it starts, and its decoded value for names and literals.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Offset">The offset of the first character in the source.</param>
/// <param name="Text">The identifier name, or the decoded string literal.</param>
/// <param name="Integer">The magnitude of an int or uint literal.</param>
/// <param name="Double">The value of a double literal.</param>
/// <param name="Bytes">The decoded bytes literal.</param>
internal readonly record struct Token(
    TokenKind Kind,
    int Offset,
    string? Text = null,
    ulong Integer = 0,
    double Double = 0,
    byte[]? Bytes = null);

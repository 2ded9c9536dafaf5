namespace AgentGateway.Cel;

/// <summary>
/// A CEL expression failed to compile: a syntax error, an undeclared variable or function, or an invalid literal.
/// </summary>
/// <remarks>
/// <see cref="Exception.Message"/> reads like <c>1:9: Syntax error: unexpected character '$'</c> followed by the
/// offending line and a caret, so it can be shown to whoever wrote the configuration.
/// </remarks>
public sealed class CelCompileException : Exception
{
    /// <summary>Initializes a new instance with no position.</summary>
    public CelCompileException()
        : this("CEL compilation failed.")
    {
    }

    /// <summary>Initializes a new instance with no position.</summary>
    /// <param name="message">The message.</param>
    public CelCompileException(string message)
        : base(message)
    {
        Reason = message;
    }

    /// <summary>Initializes a new instance with no position.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CelCompileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    internal CelCompileException(string reason, int line, int column, string message)
        : base(message)
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    /// <summary>The 1-based line of the error in the expression text, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The 1-based column (in UTF-16 code units) of the error, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The error without position or excerpt, e.g. <c>undeclared reference to 'jwtt'</c>.</summary>
    public string Reason { get; }
}

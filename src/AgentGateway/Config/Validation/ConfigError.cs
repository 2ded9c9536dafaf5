namespace AgentGateway.Config.Validation;

/// <summary>One problem found in a configuration file, with where it is and what to do about it.</summary>
/// <param name="Source">The file name, or the name given to <c>LoadText</c> (e.g. <c>-</c> for stdin).</param>
/// <param name="Line">1-based line, or 0 when the problem has no position (e.g. the file cannot be read).</param>
/// <param name="Column">1-based column, or 0 when the problem has no position.</param>
/// <param name="Path">YAML path of the offending node, e.g. <c>binds[0].listeners[0].routes[0]</c>; empty for the whole document.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
internal sealed record ConfigError(string Source, int Line, int Column, string Path, string Message)
{
    /// <summary>Formats the error as <c>{Source}:{Line}:{Column}: {Path}: {Message}</c>, the usual compiler style.</summary>
    /// <remarks>The position is left out when <see cref="Line"/> is 0, and the path when it is empty.</remarks>
    public override string ToString()
    {
        var location = Line > 0 ? $"{Source}:{Line}:{Column}" : Source;
        return Path.Length > 0 ? $"{location}: {Path}: {Message}" : $"{location}: {Message}";
    }
}

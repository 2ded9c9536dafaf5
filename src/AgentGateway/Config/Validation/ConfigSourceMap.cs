namespace AgentGateway.Config.Validation;

/// <summary>Positions of the nodes of one configuration file, by YAML path.</summary>
/// <remarks>
/// Filled by the loader while it binds YAML to the config records, then handed to validation so that an error
/// about a record points at the line and column where that record (or its closest written ancestor) is.
/// A config built in code has an empty map: its errors then have no position.
/// </remarks>
internal sealed class ConfigSourceMap
{
    private readonly Dictionary<ConfigPath, ConfigSourceSpan> _spans = [];

    /// <summary>Creates an empty map for <paramref name="sourceName"/>.</summary>
    public ConfigSourceMap(string sourceName)
    {
        SourceName = sourceName;
    }

    /// <summary>The file name (or other source name) errors are reported against.</summary>
    public string SourceName { get; }

    /// <summary>Records the position of the node at <paramref name="path"/>. The first record of a path wins.</summary>
    public void Add(ConfigPath path, ConfigSourceSpan span) => _spans.TryAdd(path, span);

    /// <summary>Whether the file wrote a node at <paramref name="path"/> (as opposed to leaving the default).</summary>
    public bool Contains(ConfigPath path) => _spans.ContainsKey(path);

    /// <summary>The position of the node at <paramref name="path"/>, when the file wrote one.</summary>
    public bool TryGetSpan(ConfigPath path, out ConfigSourceSpan span) => _spans.TryGetValue(path, out span);

    /// <summary>
    /// The line and column of <paramref name="path"/>, or of its closest ancestor that the file wrote
    /// (a missing key is reported where its enclosing mapping is). (0, 0) when nothing is known.
    /// </summary>
    public (int Line, int Column) Locate(ConfigPath path)
    {
        for (var current = path; ; current = current.Parent)
        {
            if (_spans.TryGetValue(current, out var span))
            {
                return (span.Line, span.Column);
            }

            if (current.IsRoot)
            {
                return (0, 0);
            }
        }
    }

    /// <summary>The path of the innermost scalar whose text covers <paramref name="offset"/> of the parsed text, if any.</summary>
    public ConfigPath? FindScalarAt(long offset)
    {
        ConfigPath? best = null;
        var bestLength = long.MaxValue;
        foreach (var (path, span) in _spans)
        {
            if (span.IsScalar && span.Start <= offset && offset <= span.End && span.End - span.Start < bestLength)
            {
                best = path;
                bestLength = span.End - span.Start;
            }
        }

        return best;
    }

    /// <summary>Creates an error located at <paramref name="path"/> (or its closest written ancestor).</summary>
    public ConfigError CreateError(ConfigPath path, string message)
    {
        var (line, column) = Locate(path);
        return new ConfigError(SourceName, line, column, path.ToString(), message);
    }
}

namespace AgentGateway.Config.Validation;

/// <summary>
/// The YAML path of a node, written as in error messages: <c>binds[0].listeners[1].routes[2].backends[0].mcp</c>.
/// The root (the whole document) is the empty path.
/// </summary>
/// <remarks>
/// The loader records the position of every node under its path (see <see cref="ConfigSourceMap"/>), and the
/// validators build the same paths while walking the bound records, which is how a validation error finds its
/// line and column.
/// </remarks>
internal readonly record struct ConfigPath
{
    private readonly string? _value;

    private ConfigPath(string value) => _value = value;

    /// <summary>The path of the whole document.</summary>
    public static ConfigPath Root => default;

    /// <summary>Whether this is the path of the whole document.</summary>
    public bool IsRoot => string.IsNullOrEmpty(_value);

    /// <summary>The path of a key of this mapping.</summary>
    public ConfigPath Property(string key) => new(IsRoot ? key : $"{_value}.{key}");

    /// <summary>The path of an item of this list.</summary>
    public ConfigPath Index(int index) => new($"{_value}[{index}]");

    /// <summary>The enclosing node's path; the root's parent is the root.</summary>
    public ConfigPath Parent
    {
        get
        {
            if (_value is not { Length: > 0 } value)
            {
                return Root;
            }

            var cut = value.AsSpan().LastIndexOfAny('.', '[');
            return cut <= 0 ? Root : new ConfigPath(value[..cut]);
        }
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="ancestor"/> or a node inside it.</summary>
    public static bool IsSameOrUnder(string path, string ancestor)
    {
        if (ancestor.Length == 0 || !path.StartsWith(ancestor, StringComparison.Ordinal))
        {
            return ancestor.Length == 0;
        }

        return path.Length == ancestor.Length || path[ancestor.Length] is '.' or '[';
    }

    /// <inheritdoc/>
    public override string ToString() => _value ?? "";
}

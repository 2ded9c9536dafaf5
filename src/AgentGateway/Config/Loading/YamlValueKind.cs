namespace AgentGateway.Config.Loading;

/// <summary>The three kinds of YAML node.</summary>
internal enum YamlValueKind
{
    /// <summary>A single value (plain, quoted or block text).</summary>
    Scalar,

    /// <summary>A list.</summary>
    Sequence,

    /// <summary>Keys and values.</summary>
    Mapping,
}

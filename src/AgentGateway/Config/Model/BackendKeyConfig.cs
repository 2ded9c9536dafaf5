namespace AgentGateway.Config.Model;

/// <summary>A fixed credential for targets: exactly one of <see cref="Value"/> (use <c>${VAR}</c>) or <see cref="File"/>. A plain string is the value.</summary>
[ConfigScalarForm(nameof(Value))]
public sealed record BackendKeyConfig
{
    /// <summary>The credential; write <c>${API_KEY}</c> rather than the secret itself.</summary>
    public string? Value { get; init; }

    /// <summary>A file holding the credential (surrounding whitespace ignored); relative to the configuration file.</summary>
    public string? File { get; init; }
}

namespace AgentGateway.Config.Model;

/// <summary>
/// Where the keys that sign tokens come from: exactly one of <see cref="Url"/>, <see cref="File"/> or <see cref="Inline"/>.
/// A plain string is the inline form.
/// </summary>
[ConfigScalarForm(nameof(Inline))]
public sealed record JwksSourceConfig
{
    /// <summary>An https URL serving a JWKS document (http only for loopback addresses). Fetched at startup and refreshed.</summary>
    public string? Url { get; init; }

    /// <summary>A file holding a JWKS document; a relative path is relative to the configuration file. Re-read when it changes.</summary>
    public string? File { get; init; }

    /// <summary>The JWKS document itself (<c>{"keys":[…]}</c>).</summary>
    public string? Inline { get; init; }
}

namespace AgentGateway.Security.Authentication;

/// <summary>Timeouts, refresh intervals and limits of JWKS fetching, shared by every <see cref="JwksProvider"/>.</summary>
/// <remarks>
/// Defaults come from the peers surveyed in <c>research/peers.md</c> §3: a 5 s fetch timeout (jose), a refresh
/// every 15 minutes unless the response says otherwise (Envoy 10 min, jose 10 min, IdentityModel 12 h), a failed
/// fetch retried after 1 s (Envoy <c>failed_refetch_duration</c>) with exponential backoff, and a short cooldown
/// between forced refetches so forged <c>kid</c>s cannot make the gateway hammer the identity provider.
/// </remarks>
internal sealed record JwksOptions
{
    /// <summary>Longest a single fetch (connect, headers and body) may take. Default 5 s.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Refresh interval when the response has no <c>Cache-Control: max-age</c>. Default 15 minutes.</summary>
    public TimeSpan DefaultRefreshInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Lower bound of the refresh interval, whatever <c>max-age</c> says. Default 60 s.</summary>
    public TimeSpan MinRefreshInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Upper bound of the refresh interval, whatever <c>max-age</c> says. Default 24 h.</summary>
    public TimeSpan MaxRefreshInterval { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Delay before retrying after a failed fetch; doubles per consecutive failure (±20 % jitter). Default 1 s.</summary>
    public TimeSpan FailureRetryInitial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the failure retry delay. Default 60 s.</summary>
    public TimeSpan FailureRetryMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Minimum time between two forced refetches (unknown <c>kid</c>, rotated key). Default 5 s.</summary>
    public TimeSpan ForcedRefreshCooldown { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a file source is checked for changes (a cheap stat; the file is read only when it changed). Default 5 s.</summary>
    public TimeSpan FilePollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest accepted JWKS document. Larger responses are failed fetches. Default 1 MiB.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>Most entries accepted in <c>keys</c>; a document with more is rejected as a whole. Default 100.</summary>
    public int MaxKeys { get; init; } = 100;
}

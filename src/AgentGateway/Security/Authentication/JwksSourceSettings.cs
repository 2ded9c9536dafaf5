namespace AgentGateway.Security.Authentication;

/// <summary>
/// Where a provider's signing keys come from: <see cref="JwksUrlSource"/>, <see cref="JwksFileSource"/> or
/// <see cref="JwksInlineSource"/>.
/// </summary>
/// <remarks>
/// Records compare by value, so <see cref="JwksProviderRegistry"/> uses a source as the key that lets several routes
/// share one <see cref="JwksProvider"/> (same URL → same fetches, same cache).
/// </remarks>
internal abstract record JwksSourceSettings
{
    private protected JwksSourceSettings()
    {
    }

    /// <summary>A short description for logs: the URL without query, the file path, or <c>inline</c>. Never key material.</summary>
    public abstract string Describe();
}

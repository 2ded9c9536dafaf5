namespace AgentGateway.Security.Authentication;

/// <summary>Keys read from a local JWKS file, read at startup and re-read when it changes.</summary>
/// <param name="Path">Path of the file. <see cref="JwksProviderRegistry"/> makes it absolute before sharing providers.</param>
internal sealed record JwksFileSource(string Path) : JwksSourceSettings
{
    /// <inheritdoc />
    public override string Describe() => Path;
}

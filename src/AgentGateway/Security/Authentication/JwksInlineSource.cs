namespace AgentGateway.Security.Authentication;

/// <summary>Keys given inline in the configuration, as JWKS JSON (<c>{"keys":[...]}</c>).</summary>
/// <param name="Json">The JWKS document.</param>
internal sealed record JwksInlineSource(string Json) : JwksSourceSettings
{
    /// <inheritdoc />
    public override string Describe() => "inline";

    /// <summary>Keeps the JSON (public keys, but possibly long) out of record printing.</summary>
    public override string ToString() => "JwksInlineSource { inline }";
}

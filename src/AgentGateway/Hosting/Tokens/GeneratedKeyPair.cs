namespace AgentGateway.Hosting.Tokens;

/// <summary>What <see cref="KeyPairGenerator"/> makes: the two files <c>agentgateway keygen</c> writes.</summary>
/// <param name="KeyId">The <c>kid</c> of both JWKs.</param>
/// <param name="Algorithm">The JWS algorithm (<c>alg</c>) of the key.</param>
/// <param name="PrivateJwk">The private JWK, as indented JSON.</param>
/// <param name="PublicJwks">The JWK Set holding only the public JWK, as indented JSON.</param>
internal sealed record GeneratedKeyPair(string KeyId, string Algorithm, string PrivateJwk, string PublicJwks)
{
    /// <summary>Hides the private key from logs and debugger displays.</summary>
    public override string ToString() => $"{Algorithm} key '{KeyId}'";
}

namespace AgentGateway.Tests.Security.Authentication;

/// <summary>Keys shared by the tests (RSA generation is the slow part, so each is made once per run).</summary>
internal static class TestKeys
{
    public static TestKey Rsa { get; } = TestKey.CreateRsa("rsa-1", "RS256");

    public static TestKey Rsa2 { get; } = TestKey.CreateRsa("rsa-2", "RS256");

    /// <summary>Signs PS256; its JWK says PS256.</summary>
    public static TestKey RsaPss { get; } = TestKey.CreateRsa("rsa-pss", "PS256");

    /// <summary>Never published: the attacker's key.</summary>
    public static TestKey Attacker { get; } = TestKey.CreateRsa("attacker", "RS256");

    public static TestKey Ec256 { get; } = TestKey.CreateEc("ec-256", "P-256", "ES256");

    public static TestKey Ec384 { get; } = TestKey.CreateEc("ec-384", "P-384", "ES384");
}

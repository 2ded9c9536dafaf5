using System.Security.Authentication;

namespace AgentGateway.Config.Validation;

/// <summary>The values of <c>minTLSVersion</c>: <c>1.2</c> and <c>1.3</c>, or the reference's <c>TLS_V1_2</c> and <c>TLS_V1_3</c>.</summary>
internal static class TlsVersions
{
    /// <summary>The protocols a listener accepts for <paramref name="minVersion"/> (null = the default, TLS 1.2 and 1.3); false for an unknown or refused value.</summary>
    public static bool TryParse(string? minVersion, out SslProtocols protocols)
    {
        protocols = minVersion?.Trim().ToUpperInvariant() switch
        {
            null or "1.2" or "TLS_V1_2" or "TLS1.2" => SslProtocols.Tls12 | SslProtocols.Tls13,
            "1.3" or "TLS_V1_3" or "TLS1.3" => SslProtocols.Tls13,
            _ => SslProtocols.None,
        };
        return protocols != SslProtocols.None;
    }

    /// <summary>Whether <paramref name="value"/> names TLS 1.0 or 1.1, which are refused rather than unknown.</summary>
    public static bool IsObsolete(string value) =>
        value.Trim().ToUpperInvariant() is "1.0" or "1.1" or "1" or "TLS_V1_0" or "TLS_V1_1" or "TLS1.0" or "TLS1.1";
}

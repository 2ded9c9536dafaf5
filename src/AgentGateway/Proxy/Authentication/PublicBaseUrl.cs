namespace AgentGateway.Proxy.Authentication;

/// <summary>
/// The scheme and authority clients use to reach the gateway, for URLs the gateway publishes (the 401 challenge's
/// <c>resource_metadata</c>, the metadata documents): the configured resource's, or the request's with
/// <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> honoured (the gateway is often behind a TLS terminator).
/// </summary>
internal static class PublicBaseUrl
{
    /// <summary><c>scheme://authority</c> without a trailing slash.</summary>
    public static string Resolve(HttpRequest request, string? configuredResource)
    {
        if (configuredResource is not null && Uri.TryCreate(configuredResource, UriKind.Absolute, out var resource))
        {
            return resource.GetLeftPart(UriPartial.Authority);
        }

        var scheme = First(request.Headers["X-Forwarded-Proto"].ToString()) switch
        {
            var p when p.Equals("https", StringComparison.OrdinalIgnoreCase) => "https",
            var p when p.Equals("http", StringComparison.OrdinalIgnoreCase) => "http",
            _ => request.Scheme,
        };
        var forwardedHost = First(request.Headers["X-Forwarded-Host"].ToString());
        var host = forwardedHost.Length > 0 && IsSafeAuthority(forwardedHost) ? forwardedHost : request.Host.Value;
        return $"{scheme}://{(string.IsNullOrEmpty(host) ? "localhost" : host)}";
    }

    private static string First(string value)
    {
        var comma = value.IndexOf(',', StringComparison.Ordinal);
        return (comma < 0 ? value : value[..comma]).Trim();
    }

    /// <summary>Host[:port] characters only, so that a forwarded value cannot break out of a header's quoted string or a URL.</summary>
    private static bool IsSafeAuthority(string value) =>
        value.Length <= 255 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']');
}

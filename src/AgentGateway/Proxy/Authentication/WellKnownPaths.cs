namespace AgentGateway.Proxy.Authentication;

/// <summary>The OAuth discovery paths the gateway answers for authenticated MCP routes.</summary>
internal static class WellKnownPaths
{
    /// <summary>RFC 9728 protected-resource metadata; the resource's path follows it.</summary>
    public const string ProtectedResource = "/.well-known/oauth-protected-resource";

    /// <summary>RFC 8414 authorization-server metadata; the issuer's path follows it.</summary>
    public const string AuthorizationServer = "/.well-known/oauth-authorization-server";

    /// <summary>
    /// Splits <paramref name="path"/> into one of the two documents and the path after it (<c>/mcp</c>, or empty for the
    /// root form). False for any other path.
    /// </summary>
    public static bool TryParse(string path, out string document, out string resourcePath)
    {
        foreach (var candidate in (ReadOnlySpan<string>)[ProtectedResource, AuthorizationServer])
        {
            if (path.StartsWith(candidate, StringComparison.Ordinal) && (path.Length == candidate.Length || path[candidate.Length] == '/'))
            {
                document = candidate;
                resourcePath = path[candidate.Length..].TrimEnd('/');
                return true;
            }
        }

        document = "";
        resourcePath = "";
        return false;
    }

    /// <summary>The protected-resource metadata URL of the resource at <paramref name="resourcePath"/> (RFC 9728 §3.1: path inserted).</summary>
    public static string ProtectedResourceUrl(string baseUrl, string resourcePath) =>
        baseUrl + ProtectedResource + (resourcePath == "/" ? "" : resourcePath);
}

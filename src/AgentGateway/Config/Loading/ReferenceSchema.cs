using System.Collections.Frozen;
using AgentGateway.Config.Model;

namespace AgentGateway.Config.Loading;

/// <summary>
/// Keys and values of the reference gateway's schema that this version does not implement yet. The binder refuses
/// them with a "not supported yet" message instead of a bare "unknown key", so that a file written for the reference
/// says exactly what is missing.
/// </summary>
/// <remarks>
/// A policy is never skipped: a gateway that ignored <c>mcpAuthentication</c> would serve requests it should refuse.
/// Sources: <c>crates/agentgateway/src/types/local.rs</c> and <c>crates/agentgateway/src/lib.rs</c> (<c>RawConfig</c>) of
/// agentgateway/agentgateway.
/// </remarks>
internal static class ReferenceSchema
{
    private const string RemoveIt = "remove it";

    private const string RefusedNotIgnored =
        "refused rather than ignored, because skipping a security setting would serve requests it should refuse. Remove it to run without it.";

    // Policies that decide who may do what: skipping them would let requests through.
    private static readonly FrozenSet<string> s_securityPolicies = FrozenSet.Create(StringComparer.Ordinal,
        "extAuthz", "basicAuth", "apiKey", "csrf",
        "oidc", "extProc", "mcpGuardrails", "remoteRateLimit");

    private static readonly FrozenSet<string> s_otherPolicies = FrozenSet.Create(StringComparer.Ordinal,
        "transformations", "requestRedirect", "requestMirror", "ai");

    private static readonly FrozenDictionary<Type, FrozenDictionary<string, string>> s_unsupportedKeys =
        new Dictionary<Type, FrozenDictionary<string, string>>
        {
            [typeof(GatewayConfig)] = Keys(
                ("gateways", "use 'binds' (port → listeners → routes) or the 'mcp:' shortcut instead"),
                ("routes", "put routes under 'binds[].listeners[].routes' instead"),
                ("backends", "define the backend inline in the route's 'backends' instead"),
                ("policies", "attached policies are " + RefusedNotIgnored),
                ("frontendPolicies", "frontend policies are " + RefusedNotIgnored),
                ("tcpRoutes", RemoveIt),
                ("llm", RemoveIt),
                ("ui", RemoveIt),
                ("routeGroups", RemoveIt),
                ("workloads", RemoveIt),
                ("services", RemoveIt)),
            [typeof(BindConfig)] = Keys(("mode", RemoveIt), ("tunnelProtocol", RemoveIt)),
            [typeof(ListenerConfig)] = Keys(("tcpRoutes", RemoveIt)),
            [typeof(ListenerTlsConfig)] = Keys(
                ("mode", "only static certificates ('cert' and 'key') are served; remove it"),
                ("spiffe", "write the certificate files in 'cert' and 'key' instead"),
                ("cipherSuites", "the platform's default cipher suites are used; remove it"),
                ("maxTLSVersion", "TLS 1.3 is always offered; remove it"),
                ("keyExchangeGroups", "the platform's default groups are used; remove it")),
            [typeof(BackendTlsConfig)] = Keys(
                ("insecureHost", "use 'hostname' to name the certificate's host, or 'insecure: true' to skip verification"),
                ("alpn", "HTTP/1.1 and HTTP/2 are offered; remove it"),
                ("subjectAltNames", "use 'hostname' to name the certificate's host"),
                ("keyExchangeGroups", "the platform's default groups are used; remove it"),
                ("spiffe", "write the certificate files in 'cert', 'key' and 'root' instead")),
            [typeof(RouteConfig)] = Keys(("ruleName", RemoveIt), ("namespace", RemoveIt)),
            [typeof(RouteMatchConfig)] = Keys(
                ("query", "a route without it would match more requests than written, so it is refused; remove it")),
            [typeof(RouteBackendConfig)] = Keys(
                ("backend", "define the backend inline ('mcp:' or 'host:') instead"),
                ("service", RemoveIt),
                ("ai", RemoveIt),
                ("aws", RemoveIt),
                ("dynamic", RemoveIt)),
            [typeof(McpBackendConfig)] = Keys(("server", RemoveIt)),
            [typeof(SimpleMcpConfig)] = Keys(
                ("gateways", "use 'port' instead"),
                ("server", RemoveIt)),
            [typeof(McpTargetConfig)] = Keys(
                ("openapi", "OpenAPI targets are not served yet; remove the target"),
                ("condition", "target conditions are " + RefusedNotIgnored)),
            [typeof(McpAuthenticationConfig)] = Keys(
                ("authorizationLocation", "MCP clients send tokens in the Authorization header (the MCP specification requires it); remove it"),
                ("clientId", "the client-registration proxy is not served yet; remove it"),
                ("clientSecret", "the client-registration proxy is not served yet; remove it")),
            [typeof(IdentityProviderConfig)] = Keys(
                ("descope", "write the JWKS URL in 'jwks' and remove 'provider'"),
                ("authentik", "write the JWKS URL in 'jwks' and remove 'provider'")),
            [typeof(TokenLocationConfig)] = Keys(("expression", "use 'header', 'queryParameter' or 'cookie'")),
            [typeof(BackendAuthConfig)] = Keys(
                ("gcp", "use 'key' or 'passthrough'"), ("aws", "use 'key' or 'passthrough'"), ("azure", "use 'key' or 'passthrough'"),
                ("copilot", "use 'key' or 'passthrough'"), ("jwtSign", "use 'key' or 'passthrough'"),
                ("oauthTokenExchange", "use 'key' or 'passthrough'"), ("crossAppAccess", "use 'key' or 'passthrough'")),
            [typeof(BackendKeyConfig)] = Keys(("location", "the key is sent as 'Authorization: Bearer <key>'; remove 'location'")),
            [typeof(EmptyConfig)] = Keys(("location", "the token is sent as 'Authorization: Bearer <token>'; remove 'location'")),
            [typeof(RetryConfig)] = Keys(
                ("precondition", "retries are decided by method, body and 'codes' only; remove it"),
                ("postcondition", "retries are decided by method, body and 'codes' only; remove it")),
            [typeof(AuthorityRewriteConfig)] = Keys(
                ("host", "write the whole authority in 'full' (host or host:port)"),
                ("port", "write the whole authority in 'full' (host:port)"),
                ("auto", "the backend's own address is already the default Host; remove 'authority'"),
                ("none", "remove 'authority' and set 'full' to the Host to keep")),
            [typeof(HttpTargetConfig)] = Keys(("backend", "write the server's address in 'host' instead")),
            [typeof(StaticConfig)] = Keys(
                ("metrics", RemoveIt), ("session", RemoveIt), ("xdsAddress", RemoveIt),
                ("xdsAuthToken", RemoveIt), ("localXdsPath", RemoveIt), ("gateway", RemoveIt), ("namespace", RemoveIt),
                ("workerThreads", RemoveIt), ("backend", RemoveIt), ("customFunctions", RemoveIt),
                ("sensitiveHeaders", RemoveIt), ("histograms", RemoveIt), ("connectionTerminationDeadline", RemoveIt),
                ("dns", RemoveIt), ("enableIpv6", RemoveIt), ("database", RemoveIt), ("storage", RemoveIt),
                ("modelCatalog", RemoveIt), ("spiffe", RemoveIt), ("hbone", RemoveIt)),
            [typeof(TracingConfig)] = Keys(("fields", "span attributes computed with CEL are not supported yet; remove 'fields'")),
        }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Type, FrozenSet<string>> s_unsupportedEnumValues =
        new Dictionary<Type, FrozenSet<string>>
        {
            [typeof(ListenerProtocol)] = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "TLS", "TCP", "HBONE"),
            [typeof(RateLimitType)] = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "tokens"),
        }.ToFrozenDictionary();

    /// <summary>
    /// The error for <paramref name="key"/> under a node of type <paramref name="owner"/> when the reference has that key
    /// and this version does not; null when the key is not the reference's either.
    /// </summary>
    public static string? GetUnsupportedKeyMessage(Type owner, string key)
    {
        if (owner == typeof(PolicyConfig))
        {
            if (s_securityPolicies.Contains(key))
            {
                return $"policy '{key}' is not supported by this version of the gateway yet; it is refused rather than " +
                    "ignored, because skipping a security policy would serve requests it should refuse. Remove it to run without it.";
            }

            if (s_otherPolicies.Contains(key))
            {
                return $"policy '{key}' is not supported by this version of the gateway yet; it is refused rather than " +
                    "ignored, so that the gateway never behaves differently from what the file says. Remove it to run without it.";
            }

            return null;
        }

        return s_unsupportedKeys.TryGetValue(owner, out var keys) && keys.TryGetValue(key, out var hint)
            ? $"'{key}' is not supported by this version of the gateway yet; {hint}"
            : null;
    }

    /// <summary>The reference's keys under <paramref name="owner"/> that are not supported yet (candidates for "did you mean").</summary>
    public static IEnumerable<string> GetUnsupportedKeys(Type owner)
    {
        if (owner == typeof(PolicyConfig))
        {
            return s_securityPolicies.Concat(s_otherPolicies);
        }

        return s_unsupportedKeys.TryGetValue(owner, out var keys) ? keys.Keys : [];
    }

    /// <summary>Whether <paramref name="value"/> is a value of <paramref name="enumType"/> in the reference that this version does not support.</summary>
    public static bool IsUnsupportedEnumValue(Type enumType, string value) =>
        s_unsupportedEnumValues.TryGetValue(enumType, out var values) && values.Contains(value);

    private static FrozenDictionary<string, string> Keys(params (string Key, string Hint)[] keys) =>
        keys.ToFrozenDictionary(k => k.Key, k => k.Hint, StringComparer.Ordinal);
}

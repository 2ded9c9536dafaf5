using System.Text.Json;

namespace AgentGateway.Proxy.Authentication;

/// <summary>Writes the RFC 9728 protected-resource metadata document of an <c>mcpAuthentication</c> route.</summary>
internal static class ProtectedResourceMetadata
{
    /// <summary>
    /// The document for the resource at <paramref name="resourcePath"/>: <c>resource</c> (configured, or the URL the
    /// client used, as RFC 9728 §3.3 requires), <c>authorization_servers</c> (configured; else the gateway itself when it
    /// serves the provider's metadata; else the issuer), <c>bearer_methods_supported</c> (default <c>[header]</c>), and
    /// every other configured field in snake_case.
    /// </summary>
    public static byte[] Create(RouteAuthentication policy, string baseUrl, string resourcePath)
    {
        var mcp = policy.Mcp!;
        var metadata = mcp.ResourceMetadata;
        var resource = metadata?.Resource ?? baseUrl + (resourcePath.Length == 0 ? "" : resourcePath);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("resource", resource);
            writer.WriteStartArray("authorization_servers");
            if (metadata?.AuthorizationServers is { Count: > 0 } servers)
            {
                foreach (var server in servers)
                {
                    writer.WriteStringValue(server);
                }
            }
            else
            {
                writer.WriteStringValue(policy.ProxiesAuthorizationServerMetadata ? baseUrl + resourcePath : mcp.Issuer);
            }

            writer.WriteEndArray();
            WriteList(writer, "bearer_methods_supported", metadata?.BearerMethodsSupported ?? ["header"]);
            WriteList(writer, "scopes_supported", metadata?.ScopesSupported);
            WriteString(writer, "jwks_uri", metadata?.JwksUri);
            WriteList(writer, "resource_signing_alg_values_supported", metadata?.ResourceSigningAlgValuesSupported);
            WriteString(writer, "resource_name", metadata?.ResourceName);
            WriteString(writer, "resource_documentation", metadata?.ResourceDocumentation);
            WriteString(writer, "resource_policy_uri", metadata?.ResourcePolicyUri);
            WriteString(writer, "resource_tos_uri", metadata?.ResourceTosUri);
            if (metadata?.TlsClientCertificateBoundAccessTokens is { } tlsBound)
            {
                writer.WriteBoolean("tls_client_certificate_bound_access_tokens", tlsBound);
            }

            WriteList(writer, "authorization_details_types_supported", metadata?.AuthorizationDetailsTypesSupported);
            WriteList(writer, "dpop_signing_alg_values_supported", metadata?.DpopSigningAlgValuesSupported);
            if (metadata?.DpopBoundAccessTokensRequired is { } dpop)
            {
                writer.WriteBoolean("dpop_bound_access_tokens_required", dpop);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}

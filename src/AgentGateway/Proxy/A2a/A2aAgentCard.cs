using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentGateway.Proxy.A2a;

/// <summary>
/// Rewrites an A2A agent card so that clients reach the agent through the gateway: every interface URL gets the
/// gateway's scheme, host and port, and keeps its own path and query.
/// </summary>
/// <remarks>
/// v0.3 cards (<c>/.well-known/agent.json</c>, also served as <c>agent-card.json</c>) have <c>url</c> and
/// <c>additionalInterfaces[].url</c>; v1.0 cards have <c>supportedInterfaces[].url</c>. All three are rewritten when
/// present. The reference (agentgateway <c>a2a/mod.rs</c>) replaces a v0.3 <c>url</c> with the card's own location instead;
/// keeping the agent's path works as well when the route forwards paths unchanged, and keeps every interface consistent.
/// </remarks>
internal static class A2aAgentCard
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Indented = false };

    /// <summary>Whether <paramref name="path"/> is an agent-card location (at the root or under a prefix). Only GETs are rewritten.</summary>
    public static bool IsCardPath(string path) =>
        path.EndsWith("/.well-known/agent.json", StringComparison.Ordinal) || path.EndsWith("/.well-known/agent-card.json", StringComparison.Ordinal);

    /// <summary>The rewritten card, or null when <paramref name="card"/> is not a JSON object or has no URL to rewrite.</summary>
    /// <param name="card">The card as the agent sent it.</param>
    /// <param name="origin">The gateway's <c>scheme://host[:port]</c>, as the client reached it.</param>
    public static byte[]? Rewrite(byte[] card, string origin)
    {
        JsonObject root;
        try
        {
            if (JsonNode.Parse(card) is not JsonObject parsed)
            {
                return null;
            }

            root = parsed;
        }
        catch (JsonException)
        {
            return null;
        }

        var changed = RewriteUrl(root, origin);
        foreach (var list in (ReadOnlySpan<string>)["additionalInterfaces", "supportedInterfaces"])
        {
            if (root[list] is JsonArray interfaces)
            {
                foreach (var item in interfaces)
                {
                    changed |= item is JsonObject entry && RewriteUrl(entry, origin);
                }
            }
        }

        if (!changed)
        {
            return null;
        }

        using var buffer = new MemoryStream(card.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            root.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    private static bool RewriteUrl(JsonObject node, string origin)
    {
        if (node["url"] is not JsonValue value || !value.TryGetValue<string>(out var text)
            || !Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return false;
        }

        node["url"] = origin + url.PathAndQuery;
        return true;
    }
}

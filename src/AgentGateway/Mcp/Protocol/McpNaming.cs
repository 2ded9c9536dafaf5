using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Protocol;

/// <summary>
/// Names seen by clients of a multiplexed backend: <c>&lt;target&gt;_&lt;name&gt;</c> for tools and prompts,
/// <c>&lt;target&gt;+&lt;uri&gt;</c> for resources (as the reference gateway). Target names cannot contain
/// <c>_</c> or <c>+</c>, so the first separator always ends the target name.
/// </summary>
internal static class McpNaming
{
    /// <summary>Separator between target and tool or prompt name.</summary>
    public const char NameSeparator = '_';

    /// <summary>Separator between target and resource URI.</summary>
    public const char UriSeparator = '+';

    /// <summary>The client-visible name of a tool or prompt.</summary>
    public static string PrefixName(string target, string name) => string.Concat(target, "_", name);

    /// <summary>The client-visible URI of a resource or resource template.</summary>
    public static string PrefixUri(string target, string uri) => string.Concat(target, "+", uri);

    /// <summary>Splits a client-visible name into target and upstream name.</summary>
    public static bool TrySplit(string value, char separator, out string target, out string rest)
    {
        var i = value.IndexOf(separator, StringComparison.Ordinal);
        if (i <= 0 || i == value.Length - 1)
        {
            target = rest = "";
            return false;
        }

        target = value[..i];
        rest = value[(i + 1)..];
        return true;
    }

    /// <summary>Prefixes the URI carried by an upstream notification (<c>notifications/resources/updated</c>).</summary>
    public static JsonRpcNotification RewriteUpstreamNotification(bool prefixed, string target, JsonRpcNotification notification)
    {
        if (prefixed
            && notification.Method == McpMethods.NotificationResourceUpdated
            && notification.Params is JsonObject p
            && JsonString(p, "uri") is { } uri)
        {
            p["uri"] = PrefixUri(target, uri);
        }

        return notification;
    }

    /// <summary>A string property of an object, or null.</summary>
    public static string? JsonString(JsonObject obj, string property) =>
        obj.TryGetPropertyValue(property, out var v) && v is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
}

using System.Text.Json.Nodes;
using AgentGateway.Mcp.Protocol;
using AgentGateway.Mcp.Sessions;

namespace AgentGateway.Mcp.Relay;

/// <summary>Merges the <c>initialize</c> results of several targets into one.</summary>
internal static class McpResultMerger
{
    /// <summary>The gateway's name in <c>serverInfo</c> of a multiplexed session.</summary>
    public const string ServerName = "agentgateway";

    /// <summary>
    /// Lowest protocol version, union of capabilities (a boolean sub-capability such as <c>listChanged</c> is true
    /// when any target has it), instructions joined, and the gateway's own <c>serverInfo</c>.
    /// </summary>
    public static JsonObject MergeInitialize(IReadOnlyList<UpstreamConnection> connections, string requestedVersion, string gatewayVersion)
    {
        string? version = null;
        var capabilities = new JsonObject();
        var instructions = new List<string>();
        foreach (var c in connections)
        {
            var result = c.InitializeResult!;
            var v = McpNaming.JsonString(result, "protocolVersion");
            if (v is not null)
            {
                version = version is null ? v : McpProtocolVersions.Min(version, v);
            }

            if (result["capabilities"] is JsonObject caps)
            {
                MergeObject(capabilities, caps);
            }

            if (McpNaming.JsonString(result, "instructions") is { Length: > 0 } text)
            {
                instructions.Add($"[{c.Target}] {text}");
            }
        }

        var merged = new JsonObject
        {
            ["protocolVersion"] = version ?? requestedVersion,
            ["capabilities"] = capabilities,
            ["serverInfo"] = new JsonObject { ["name"] = ServerName, ["version"] = gatewayVersion },
        };
        if (instructions.Count > 0)
        {
            merged["instructions"] = string.Join("\n\n", instructions);
        }

        return merged;
    }

    private static void MergeObject(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from)
        {
            if (!into.TryGetPropertyValue(key, out var existing) || existing is null)
            {
                into[key] = value?.DeepClone();
            }
            else if (existing is JsonObject eo && value is JsonObject vo)
            {
                MergeObject(eo, vo);
            }
            else if (existing is JsonValue ev && value is JsonValue vv
                && ev.TryGetValue<bool>(out var eb) && vv.TryGetValue<bool>(out var vb))
            {
                into[key] = eb || vb;
            }
        }
    }
}

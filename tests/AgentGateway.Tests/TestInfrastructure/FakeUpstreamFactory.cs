using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AgentGateway.Config.Model;
using AgentGateway.Mcp.Upstreams;
using AgentGateway.Security.Tls;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Tests.TestInfrastructure;

/// <summary>
/// Makes <see cref="FakeMcpUpstream"/>s that act as small scripted MCP servers: they answer initialize and
/// tools/list with fixed content and echo tools/call with the target name, so relay logic can be tested in
/// isolation from processes and sockets.
/// </summary>
internal sealed class FakeUpstreamFactory : IMcpUpstreamFactory
{
    public ConcurrentDictionary<string, FakeMcpUpstream> Upstreams { get; } = new();

    public HashSet<string> Failing { get; } = [];

    public Task<IMcpUpstream> ConnectAsync(McpTargetConfig target, McpUpstreamAuth auth, UpstreamCredential credential, BackendTlsSettings? tls, CancellationToken cancellationToken)
    {
        if (Failing.Contains(target.Name))
        {
            throw new McpUpstreamException(target.Name, McpUpstreamError.StartFailed, $"MCP target '{target.Name}' failed to start: no such command");
        }

        var upstream = new FakeMcpUpstream(target.Name);
        Upstreams[target.Name] = upstream;
        _ = ServeAsync(upstream);
        return Task.FromResult<IMcpUpstream>(upstream);
    }

    private static async Task ServeAsync(FakeMcpUpstream upstream)
    {
        await foreach (var message in upstream.Sent.Reader.ReadAllAsync())
        {
            if (message is not JsonRpcRequest request)
            {
                continue;
            }

            JsonNode result = request.Method switch
            {
                "initialize" => new JsonObject
                {
                    ["protocolVersion"] = request.Params!["protocolVersion"]!.GetValue<string>(),
                    ["capabilities"] = new JsonObject { ["tools"] = new JsonObject { ["listChanged"] = upstream.Target == "b" }, ["resources"] = new JsonObject() },
                    ["serverInfo"] = new JsonObject { ["name"] = upstream.Target, ["version"] = "1" },
                    ["instructions"] = $"use {upstream.Target}",
                },
                "tools/list" => new JsonObject { ["tools"] = new JsonArray(new JsonObject { ["name"] = "echo", ["x-extra"] = upstream.Target }) },
                "resources/list" => new JsonObject { ["resources"] = new JsonArray(new JsonObject { ["uri"] = "test://info", ["name"] = "info" }) },
                "resources/read" => new JsonObject { ["contents"] = new JsonArray(new JsonObject { ["uri"] = request.Params!["uri"]!.GetValue<string>(), ["text"] = upstream.Target }) },
                "tools/call" => new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = $"{upstream.Target}:{request.Params!["name"]}" }) },
                _ => new JsonObject(),
            };
            upstream.Push(new JsonRpcResponse { Id = request.Id, Result = result });
        }
    }
}

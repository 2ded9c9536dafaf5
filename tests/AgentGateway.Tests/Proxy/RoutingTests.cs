using AgentGateway.Config.Model;
using AgentGateway.Proxy.Routing;
using AgentGateway.Proxy.State;
using Microsoft.AspNetCore.Http;

namespace AgentGateway.Tests.Proxy;

public sealed class RoutingTests
{
    private static RouteConfig Route(string name, params RouteMatchConfig[] matches) => new()
    {
        Name = name,
        Matches = matches,
        Backends = [new RouteBackendConfig { Mcp = new McpBackendConfig { Targets = [new McpTargetConfig { Name = "t", Stdio = new StdioTargetConfig { Cmd = "x" } }] } }],
    };

    private static RouteMatchConfig Prefix(string p) => new() { Path = new PathMatchConfig { PathPrefix = p } };

    private static GatewaySnapshot Snapshot(params ListenerConfig[] listeners) =>
        GatewaySnapshotBuilder.Build(new GatewayConfig { Binds = [new BindConfig { Port = 3000, Listeners = listeners }] }, 1);

    private static string? Select(GatewaySnapshot snapshot, string path, string host = "localhost", int port = 3000, string method = "POST", (string, string)? header = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.LocalPort = port;
        context.Request.Host = new HostString(host);
        context.Request.Path = path;
        context.Request.Method = method;
        if (header is { } h)
        {
            context.Request.Headers[h.Item1] = h.Item2;
        }

        return RouteSelector.Select(snapshot, context)?.Name;
    }

    [Fact]
    public void Select_RouteWithoutMatches_TakesEveryPath()
    {
        var snapshot = Snapshot(new ListenerConfig { Routes = [Route("all")] });
        Assert.Equal("all", Select(snapshot, "/mcp"));
        Assert.Equal("all", Select(snapshot, "/anything/else"));
    }

    [Fact]
    public void Select_UnknownPort_IsNull() =>
        Assert.Null(Select(Snapshot(new ListenerConfig { Routes = [Route("all")] }), "/mcp", port: 4000));

    [Fact]
    public void Select_LongestPrefixWins_RegardlessOfOrder()
    {
        var snapshot = Snapshot(new ListenerConfig { Routes = [Route("root", Prefix("/")), Route("mcp", Prefix("/mcp")), Route("admin", Prefix("/mcp/admin"))] });
        Assert.Equal("admin", Select(snapshot, "/mcp/admin/x"));
        Assert.Equal("mcp", Select(snapshot, "/mcp"));
        Assert.Equal("root", Select(snapshot, "/mcpx"));
    }

    [Fact]
    public void Select_ExactBeatsPrefix_AndCatchAllMatchDoesNotShadow()
    {
        var snapshot = Snapshot(new ListenerConfig
        {
            Routes =
            [
                Route("a", new RouteMatchConfig { Path = new PathMatchConfig { Exact = "/x" } }, Prefix("/")),
                Route("b", Prefix("/mcp")),
            ],
        });
        Assert.Equal("a", Select(snapshot, "/x"));
        Assert.Equal("b", Select(snapshot, "/mcp/1"));
        Assert.Equal("a", Select(snapshot, "/other"));
    }

    [Fact]
    public void Select_MethodAndHeaderAndRegexConditions()
    {
        var snapshot = Snapshot(new ListenerConfig
        {
            Routes =
            [
                Route("get", new RouteMatchConfig { Path = new PathMatchConfig { PathPrefix = "/mcp" }, Method = "GET" }),
                Route("tenant", new RouteMatchConfig
                {
                    Path = new PathMatchConfig { Regex = "/t/[a-z]+" },
                    Headers = [new HeaderMatchConfig { Name = "x-tenant", Value = new StringMatchConfig { Exact = "blue" } }],
                }),
                Route("post", Prefix("/mcp")),
            ],
        });
        Assert.Equal("get", Select(snapshot, "/mcp", method: "GET"));
        Assert.Equal("post", Select(snapshot, "/mcp", method: "POST"));
        Assert.Equal("tenant", Select(snapshot, "/t/abc", header: ("x-tenant", "blue")));
        Assert.Null(Select(snapshot, "/t/abc", header: ("x-tenant", "red")));
        Assert.Null(Select(snapshot, "/t/ABC1", header: ("x-tenant", "blue")));
    }

    [Fact]
    public void Select_ListenerHostnames_ExactThenWildcardThenAny()
    {
        var snapshot = Snapshot(
            new ListenerConfig { Name = "any", Routes = [Route("any")] },
            new ListenerConfig { Name = "wild", Hostname = "*.example.com", Routes = [Route("wild")] },
            new ListenerConfig { Name = "exact", Hostname = "api.example.com", Routes = [Route("exact")] });
        Assert.Equal("exact", Select(snapshot, "/", host: "API.example.com"));
        Assert.Equal("wild", Select(snapshot, "/", host: "other.example.com"));
        Assert.Equal("any", Select(snapshot, "/", host: "example.com"));
    }

    [Fact]
    public void Build_McpShortcut_AddsBindWithMcpSseAndWellKnownRoutes()
    {
        var snapshot = GatewaySnapshotBuilder.Build(new GatewayConfig
        {
            Mcp = new SimpleMcpConfig { Targets = [new McpTargetConfig { Name = "t", Stdio = new StdioTargetConfig { Cmd = "x" } }] },
        }, 1);
        Assert.True(snapshot.Binds.ContainsKey(3000));
        Assert.Equal("mcp", Select(snapshot, "/mcp"));
        Assert.Equal("mcp", Select(snapshot, "/sse"));
        Assert.Null(Select(snapshot, "/other"));
    }

    [Fact]
    public void Build_RouteKeys_AreUniquePerRoute()
    {
        var snapshot = Snapshot(new ListenerConfig { Routes = [Route("a", Prefix("/a")), Route("b", Prefix("/b"))] });
        var keys = snapshot.Binds[3000].Listeners[0].Routes.Select(r => r.Mcp!.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }
}

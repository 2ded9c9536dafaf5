using AgentGateway.Config.Model;
using AgentGateway.Mcp.Upstreams;
using AgentGateway.Proxy.State;
using Microsoft.AspNetCore.Http;

namespace AgentGateway.Tests.Proxy;

/// <summary>How the snapshot builder compiles the three kinds of route: MCP, plain HTTP, direct response.</summary>
public sealed class HttpRouteSnapshotTests
{
    private static RouteModel Build(RouteConfig route, PolicyConfig? listenerPolicies = null) =>
        GatewaySnapshotBuilder.Build(new GatewayConfig
        {
            Binds = [new BindConfig { Port = 3000, Listeners = [new ListenerConfig { Policies = listenerPolicies, Routes = [route] }] }],
        }, 1).Binds[3000].Listeners[0].Routes[0];

    [Fact]
    public void Build_HostBackends_MakeAnHttpRouteWithWeightsPoliciesAndCredentials()
    {
        var route = Build(new RouteConfig
        {
            Name = "api",
            Matches = [new RouteMatchConfig { Path = new PathMatchConfig { PathPrefix = "/api/" } }],
            Backends =
            [
                new RouteBackendConfig { Host = "127.0.0.1:8080", Weight = 3, Policies = new PolicyConfig { BackendAuth = new BackendAuthConfig { Key = new BackendKeyConfig { Value = "k" } } } },
                new RouteBackendConfig { Host = "[::1]:9000" },
            ],
            Policies = new PolicyConfig
            {
                Timeout = new TimeoutConfig { BackendRequestTimeout = TimeSpan.FromSeconds(2) },
                UrlRewrite = new UrlRewriteConfig { Path = new PathRewriteConfig { Prefix = "/v2" } },
                A2a = new A2aConfig(),
            },
        }, new PolicyConfig { Retry = new RetryConfig { Attempts = 3, Codes = [503] } });

        Assert.Null(route.Mcp);
        Assert.Null(route.DirectResponse);
        var http = Assert.IsType<AgentGateway.Proxy.Forwarding.HttpBackendModel>(route.Http);
        Assert.Equal(["http://127.0.0.1:8080", "http://[::1]:9000"], http.Destinations.Select(d => d.Prefix));
        Assert.Equal(4, http.TotalWeight);
        Assert.Equal(3, http.Retry!.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(2), http.BackendRequestTimeout);
        Assert.Null(http.RequestTimeout);
        Assert.True(http.IsA2a);
        Assert.Equal([McpUpstreamAuthKind.Static, McpUpstreamAuthKind.None], http.Auth.Select(a => a.Kind));

        var request = new DefaultHttpContext().Request;
        request.Method = "GET";
        request.Path = "/api/users";
        Assert.Equal("/api", http.MatchedPrefix(request));
    }

    [Fact]
    public void Build_DirectResponse_MakesARouteWithoutBackend()
    {
        var route = Build(new RouteConfig { Policies = new PolicyConfig { DirectResponse = new DirectResponseConfig { Status = 418, Body = "dGVhcG90" } } });

        Assert.Null(route.Mcp);
        Assert.Null(route.Http);
        Assert.Equal(418, route.DirectResponse!.Status);
    }

    [Fact]
    public void Build_McpBackend_MakesAnMcpRoute()
    {
        var route = Build(new RouteConfig
        {
            Backends = [new RouteBackendConfig { Mcp = new McpBackendConfig { Targets = [new McpTargetConfig { Name = "t", Stdio = new StdioTargetConfig { Cmd = "x" } }] } }],
        });

        Assert.NotNull(route.Mcp);
        Assert.Null(route.Http);
        Assert.Null(route.DirectResponse);
    }
}

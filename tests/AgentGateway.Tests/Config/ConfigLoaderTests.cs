using AgentGateway.Config.Loading;
using AgentGateway.Config.Model;
using static AgentGateway.Tests.Config.ConfigTestLoader;

namespace AgentGateway.Tests.Config;

public sealed class ConfigLoaderTests
{
    // The seed configuration of the product document, without its policies.
    private const string SeedWithoutPolicies = """
        binds:
        - port: 3000
          listeners:
          - routes:
            - backends:
              - mcp:
                  targets:
                  - name: my-server
                    stdio:
                      cmd: npx
                      args: ["@modelcontextprotocol/server-everything"]
        """;

    // The seed configuration as written in the product document, plus an 'authorization' policy.
    private const string SeedWithPolicies = """
        binds:
        - port: 3000
          listeners:
          - routes:
            - backends:
              - mcp:
                  targets:
                  - name: my-server
                    stdio:
                      cmd: npx
                      args: ["@modelcontextprotocol/server-everything"]
              policies:
                mcpAuthentication:
                  mode: strict
                  issuer: https://your-tenant.auth0.com/
                  audiences:
                  - https://api.example.com
                  jwks:
                    url: https://your-tenant.auth0.com/.well-known/jwks.json
                authorization:
                  rules:
                  - 'jwt.sub == "admin"'
        """;

    [Fact]
    public void LoadText_SeedWithoutPolicies_BindsEveryValue()
    {
        var config = LoadValid(SeedWithoutPolicies);

        Assert.Null(config.Config);
        Assert.Null(config.Mcp);
        var bind = Assert.Single(config.Binds);
        Assert.Equal(3000, bind.Port);
        var listener = Assert.Single(bind.Listeners);
        Assert.Null(listener.Name);
        Assert.Null(listener.Hostname);
        Assert.Equal(ListenerProtocol.Http, listener.Protocol);
        Assert.Null(listener.Policies);
        var route = Assert.Single(listener.Routes);
        Assert.Empty(route.Matches);
        Assert.Empty(route.Hostnames);
        Assert.Null(route.Policies);
        var backend = Assert.Single(route.Backends);
        Assert.Null(backend.Host);
        Assert.Null(backend.Weight);
        Assert.NotNull(backend.Mcp);
        Assert.Equal(McpStatefulMode.Stateful, backend.Mcp.StatefulMode);
        Assert.Equal(McpPrefixMode.Conditional, backend.Mcp.PrefixMode);
        Assert.Equal(McpFailureMode.FailClosed, backend.Mcp.FailureMode);
        var target = Assert.Single(backend.Mcp.Targets);
        Assert.Equal("my-server", target.Name);
        Assert.Null(target.Sse);
        Assert.Null(target.Mcp);
        Assert.NotNull(target.Stdio);
        Assert.Equal("npx", target.Stdio.Cmd);
        Assert.Equal(["@modelcontextprotocol/server-everything"], target.Stdio.Args);
        Assert.Empty(target.Stdio.Env);
        Assert.False(target.Stdio.ClearEnv);
    }

    [Fact]
    public void LoadText_SeedWithPolicies_BindsAuthenticationAndAuthorization()
    {
        var config = LoadValid(SeedWithPolicies);

        var policies = config.Binds[0].Listeners[0].Routes[0].Policies!;
        Assert.Equal("https://your-tenant.auth0.com/", policies.McpAuthentication!.Issuer);
        Assert.Equal("jwt.sub == \"admin\"", Assert.Single(policies.Authorization!.Rules).Allow);
    }

    [Fact]
    public void LoadText_McpShortcut_BindsEveryKey()
    {
        var config = LoadValid("""
            mcp:
              port: 3001
              statefulMode: stateless
              prefixMode: always
              failureMode: failOpen
              targets:
              - name: everything
                stdio: {cmd: npx, args: ["@modelcontextprotocol/server-everything"], env: {DEBUG: "1"}, clearEnv: true}
              - name: remote
                mcp: {host: "https://mcp.example.com/mcp"}
              - name: legacy
                sse: {host: localhost, port: 3002, path: /sse}
            """);

        Assert.Empty(config.Binds);
        var mcp = Assert.IsType<SimpleMcpConfig>(config.Mcp);
        Assert.Equal(3001, mcp.Port);
        Assert.Equal(McpStatefulMode.Stateless, mcp.StatefulMode);
        Assert.Equal(McpPrefixMode.Always, mcp.PrefixMode);
        Assert.Equal(McpFailureMode.FailOpen, mcp.FailureMode);
        Assert.Null(mcp.Policies);
        Assert.Equal(["everything", "remote", "legacy"], mcp.Targets.Select(t => t.Name));
        Assert.Equal(new Dictionary<string, string> { ["DEBUG"] = "1" }, mcp.Targets[0].Stdio!.Env);
        Assert.True(mcp.Targets[0].Stdio!.ClearEnv);
        Assert.Equal("https://mcp.example.com/mcp", mcp.Targets[1].Mcp!.Host);
        Assert.Equal(new HttpTargetConfig { Host = "localhost", Port = 3002, Path = "/sse" }, mcp.Targets[2].Sse);
    }

    [Fact]
    public void LoadText_McpShortcutWithoutPort_LeavesPortUnset()
    {
        var config = LoadValid("""
            mcp:
              targets:
              - name: everything
                stdio: {cmd: npx}
            """);

        Assert.Null(config.Mcp!.Port);
    }

    [Fact]
    public void LoadText_StaticConfig_BindsEveryKey()
    {
        var config = LoadValid("""
            config:
              adminAddr: 127.0.0.1:15000
              statsAddr: "[::]:15020"
              readinessAddr: "off"
              logging: {level: debug, format: json}
              mcp: {sessionTtl: 1h30m}
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
            """);

        var settings = Assert.IsType<StaticConfig>(config.Config);
        Assert.Equal("127.0.0.1:15000", settings.AdminAddr);
        Assert.Equal("[::]:15020", settings.StatsAddr);
        Assert.Equal("off", settings.ReadinessAddr);
        Assert.Equal(new LoggingConfig { Level = "debug", Format = LogFormat.Json }, settings.Logging);
        Assert.Equal(TimeSpan.FromMinutes(90), settings.Mcp!.SessionTtl);
    }

    [Fact]
    public void LoadText_RouteMatches_BindsEveryKey()
    {
        var config = LoadValid("""
            binds:
            - port: 3000
              listeners:
              - name: main
                hostname: "*.example.com"
                protocol: http
                routes:
                - name: mcp
                  hostnames: [mcp.example.com]
                  matches:
                  - path: {pathPrefix: /mcp}
                    method: POST
                    headers:
                    - name: x-tenant
                      value: {exact: acme}
                  - path: {regex: "^/v[0-9]+/mcp$"}
                  backends:
                  - mcp: {targets: [{name: a, stdio: {cmd: npx}}]}
                    weight: 1
            """);

        var listener = config.Binds[0].Listeners[0];
        Assert.Equal("main", listener.Name);
        Assert.Equal("*.example.com", listener.Hostname);
        var route = Assert.Single(listener.Routes);
        Assert.Equal("mcp", route.Name);
        Assert.Equal(["mcp.example.com"], route.Hostnames);
        Assert.Equal(2, route.Matches.Count);
        Assert.Equal("/mcp", route.Matches[0].Path!.PathPrefix);
        Assert.Equal("POST", route.Matches[0].Method);
        var header = Assert.Single(route.Matches[0].Headers);
        Assert.Equal("x-tenant", header.Name);
        Assert.Equal("acme", header.Value!.Exact);
        Assert.Equal("^/v[0-9]+/mcp$", route.Matches[1].Path!.Regex);
        Assert.Equal(1, route.Backends[0].Weight);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing but a comment\n")]
    [InlineData("---\n")]
    [InlineData("~\n")]
    public void LoadText_EmptyDocument_ReportsEmptyConfiguration(string yaml)
    {
        var error = LoadSingleError(yaml);

        Assert.Contains("the configuration is empty", error.Message, StringComparison.Ordinal);
        Assert.Equal("test.yaml: the configuration is empty; add 'binds:' (ports, listeners, routes) or the 'mcp:' shortcut", error.ToString());
    }

    [Fact]
    public void LoadText_EmptyMapping_ReportsNothingServed()
    {
        var error = LoadSingleError("{}\n");

        Assert.Contains("the configuration serves nothing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_TopLevelList_ReportsExpectedMapping()
    {
        var error = LoadSingleError("- a\n- b\n");

        Assert.Equal(1, error.Line);
        Assert.Equal("", error.Path);
        Assert.Equal("expected a mapping (keys and values), got a list", error.Message);
    }

    [Fact]
    public void LoadText_YamlSyntaxError_ReportsPosition()
    {
        var error = LoadSingleError("""
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}
            port: 3
            """);

        Assert.StartsWith("invalid YAML:", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
        Assert.Equal("", error.Path);
    }

    [Fact]
    public void LoadText_BadIndentation_ReportsPosition()
    {
        var error = LoadSingleError("""
            mcp:
              targets:
              - name: a
                stdio: {cmd: npx}
               bad: indentation
            """);

        Assert.StartsWith("invalid YAML:", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void LoadText_TabIndentation_ReportsTheTab()
    {
        var error = LoadSingleError("mcp:\n  targets:\n  - name: a\n\t stdio: {cmd: npx}\n");

        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.Contains("tab", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_TwoDocuments_ReportsSecondDocument()
    {
        var error = LoadSingleError("""
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
            ---
            mcp: {}
            """);

        Assert.Equal(3, error.Line);
        Assert.Contains("must be a single YAML document", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_ManyMistakes_ReportsEveryOneInLineOrder()
    {
        var result = Load("""
            binds:
            - port: 70000
              listeners:
              - protocol: HTTPS
                routes:
                - backends:
                  - mcp:
                      statefulMode: sometimes
                      targts: []
                      targets:
                      - name: My_Server
                        stdio: {cmd: ""}
                      - name: my-server
                        stdio: {cmd: npx}
                        sse: {host: "localhost:8080"}
                  policies:
                    remoteRateLimit: {}
            config:
              logging: {level: loud}
            """);

        (int Line, int Column, string Path, string MessageStart)[] expected =
        [
            (2, 9, "binds[0].port", "port 70000 is out of range; use a TCP port between 1 and 65535"),
            (4, 15, "binds[0].listeners[0].protocol", "protocol HTTPS needs 'tls'"),
            (8, 25, "binds[0].listeners[0].routes[0].backends[0].mcp.statefulMode", "invalid value 'sometimes'; expected one of: stateful, stateless"),
            (9, 11, "binds[0].listeners[0].routes[0].backends[0].mcp.targts", "unknown key 'targts'; did you mean 'targets'?"),
            (11, 19, "binds[0].listeners[0].routes[0].backends[0].mcp.targets[0].name", "target name 'My_Server' contains '_'"),
            (12, 26, "binds[0].listeners[0].routes[0].backends[0].mcp.targets[0].stdio.cmd", "stdio targets need 'cmd'"),
            (13, 13, "binds[0].listeners[0].routes[0].backends[0].mcp.targets[1]", "target 'my-server' sets 'stdio' and 'sse'"),
            (15, 25, "binds[0].listeners[0].routes[0].backends[0].mcp.targets[1].sse.host", "host 'localhost:8080' contains a port"),
            (17, 9, "binds[0].listeners[0].routes[0].policies.remoteRateLimit", "policy 'remoteRateLimit' is not supported"),
            (19, 20, "config.logging.level", "invalid log level 'loud'"),
        ];
        Assert.True(result.Errors.Count == expected.Length, Dump(result));
        Assert.All(expected.Zip(result.Errors), pair =>
        {
            Assert.Equal((pair.First.Line, pair.First.Column, pair.First.Path), (pair.Second.Line, pair.Second.Column, pair.Second.Path));
            Assert.StartsWith(pair.First.MessageStart, pair.Second.Message, StringComparison.Ordinal);
        });
        Assert.Null(result.Config);
    }

    [Fact]
    public void LoadText_ErrorsOfEveryStage_AreSortedByPosition()
    {
        var result = Load("""
            mcp:
              port: 0
              targets:
              - name: a
                stdio: {cmd: "${CMD}"}
              - name: a
                stdio: {cmd: npx}
            extra: 1
            """);

        Assert.Equal([(2, "mcp.port"), (5, "mcp.targets[0].stdio.cmd"), (6, "mcp.targets[1].name"), (8, "extra")],
            result.Errors.Select(e => (e.Line, e.Path)));
    }

    [Fact]
    public void LoadFile_ExistingFile_UsesPathAsSource()
    {
        var path = Path.Combine(Path.GetTempPath(), $"agentgateway-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "mcp:\n  targets: [{name: a, stdio: {cmd: npx}}]\n  extra: 1\n");
        try
        {
            var result = new ConfigLoader(_ => null).LoadFile(path);

            var error = Assert.Single(result.Errors);
            Assert.Equal(path, error.Source);
            Assert.Equal($"{path}:3:3: mcp.extra: unknown key 'extra'; the keys allowed here are: port, targets, policies, statefulMode, prefixMode, failureMode, dnsRebindingProtection", error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadFile_MissingFile_ReportsUnreadableFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"agentgateway-missing-{Guid.NewGuid():N}.yaml");

        var result = new ConfigLoader(_ => null).LoadFile(path);

        var error = Assert.Single(result.Errors);
        Assert.Equal(0, error.Line);
        Assert.StartsWith($"{path}: cannot read the configuration file:", error.ToString(), StringComparison.Ordinal);
        Assert.False(result.IsValid);
    }
}

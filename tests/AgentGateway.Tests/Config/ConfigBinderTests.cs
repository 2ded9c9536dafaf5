using AgentGateway.Config.Model;
using static AgentGateway.Tests.Config.ConfigTestLoader;

namespace AgentGateway.Tests.Config;

/// <summary>Binding YAML to the records: keys, types and values, through <c>ConfigLoader.LoadText</c>.</summary>
public sealed class ConfigBinderTests
{
    public static TheoryData<string, int, string, string> BindingErrors => new()
    {
        {
            """
            mcp:
              targts: []
            """, 2, "mcp.targts", "unknown key 'targts'; did you mean 'targets'?"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: {cmd: npx, clear_env: true}}]
            """, 2, "mcp.targets[0].stdio.clear_env", "unknown key 'clear_env'; did you mean 'clearEnv'?"
        },
        {
            """
            mcp:
              Targets: []
            """, 2, "mcp.Targets", "unknown key 'Targets'; did you mean 'targets'?"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
              colour: blue
            """, 3, "mcp.colour", "unknown key 'colour'; the keys allowed here are: port, targets, policies, statefulMode, prefixMode, failureMode"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
              policies:
                myPolicy: {}
            """, 4, "mcp.policies.myPolicy", "unknown key 'myPolicy'; the keys allowed here are: cors, timeout, mcpAuthentication, jwtAuth, authorization, backendAuth, backendTLS, mcpAuthorization"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
              policies:
                mcpAuthorizaton: {}
            """, 4, "mcp.policies.mcpAuthorizaton", "unknown key 'mcpAuthorizaton'; did you mean 'mcpAuthorization'?"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
              policies:
                remoteRateLimit: {domain: x}
            """, 4, "mcp.policies.remoteRateLimit", "policy 'remoteRateLimit' is not supported by this version of the gateway yet"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
              policies:
                requestMirror: {percentage: 0.5}
            """, 4, "mcp.policies.requestMirror", "policy 'requestMirror' is not supported by this version of the gateway yet; it is refused rather than ignored, so that"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
              port: 1
              port: 2
            """, 4, "mcp.port", "duplicate key 'port' (first set on line 3); keep only one of them"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: {cmd: npx, env: {A: x, A: y}}}]
            """, 2, "mcp.targets[0].stdio.env.A", "duplicate key 'A'"
        },
        {
            """
            mcp:
              port: abc
              targets: [{name: a, stdio: {cmd: npx}}]
            """, 2, "mcp.port", "expected an integer, got 'abc'"
        },
        {
            """
            mcp:
              port: 99999999999
              targets: [{name: a, stdio: {cmd: npx}}]
            """, 2, "mcp.port", "'99999999999' is too large for an integer"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: {cmd: npx, clearEnv: yes}}]
            """, 2, "mcp.targets[0].stdio.clearEnv", "expected true or false, got 'yes'"
        },
        {
            """
            mcp:
              targets: {name: a}
            """, 2, "mcp.targets", "expected a list, got a mapping"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: {cmd: npx, args: npx}}]
            """, 2, "mcp.targets[0].stdio.args", "expected a list, got 'npx'"
        },
        {
            """
            mcp:
              targets:
            """, 2, "mcp.targets", "expected a list, got null; write [] for an empty list, or remove the key"
        },
        {
            """
            binds:
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
            """, 1, "binds", "expected a list, got null"
        },
        {
            """
            mcp:
              targets: [{name: [a], stdio: {cmd: npx}}]
            """, 2, "mcp.targets[0].name", "expected a string, got a list"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: [npx]}]
            """, 2, "mcp.targets[0].stdio", "expected a mapping (keys and values), got a list"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: {cmd: npx, env: [A=b]}}]
            """, 2, "mcp.targets[0].stdio.env", "expected a mapping of names to values, got a list"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: {cmd: npx, env: {A: }}}]
            """, 2, "mcp.targets[0].stdio.env.A", "expected a string, got null; write '' for an empty string, or remove the key"
        },
        {
            """
            mcp:
              prefixMode: sometimes
              targets: [{name: a, stdio: {cmd: npx}}]
            """, 2, "mcp.prefixMode", "invalid value 'sometimes'; expected one of: conditional, always, never"
        },
        {
            """
            mcp:
              failureMode: 1
              targets: [{name: a, stdio: {cmd: npx}}]
            """, 2, "mcp.failureMode", "invalid value '1'; expected one of: failClosed, failOpen"
        },
        {
            """
            config:
              logging: {format: xml}
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
            """, 2, "config.logging.format", "invalid value 'xml'; expected one of: text, json"
        },
        {
            """
            config:
              mcp: {sessionTtl: 30}
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
            """, 2, "config.mcp.sessionTtl", "duration '30' has no unit; write e.g. '30s' or '30m'"
        },
        {
            """
            config:
              mcp: {sessionTtl: half an hour}
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
            """, 2, "config.mcp.sessionTtl", "expected a duration, got 'half an hour'; write a number followed by a unit"
        },
        {
            """
            gateways:
              default: {port: 3000}
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
            """, 1, "gateways", "'gateways' is not supported by this version of the gateway yet; use 'binds'"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
            llm:
              models: []
            """, 3, "llm", "'llm' is not supported by this version of the gateway yet; remove it"
        },
        {
            """
            mcp:
              targets: [{name: a, openapi: {schema: {file: x.json}}, stdio: {cmd: npx}}]
            """, 2, "mcp.targets[0].openapi", "'openapi' is not supported by this version of the gateway yet"
        },
        {
            """
            mcp:
              targets: [{name: a, stdio: {cmd: npx}}]
            <<: {port: 3}
            """, 3, "<<", "YAML merge keys ('<<') are not supported"
        },
    };

    [Theory]
    [MemberData(nameof(BindingErrors))]
    public void LoadText_BindingMistake_ReportsLinePathAndMessage(string yaml, int line, string path, string message) =>
        AssertSingleError(yaml, line, path, message);

    [Fact]
    public void LoadText_ReferenceOnlyTlsKeys_ReportNotSupportedYet()
    {
        var result = Load("""
            binds:
            - port: 3000
              listeners:
              - protocol: HTTPS
                tls: {cert: cert.pem, key: key.pem, cipherSuites: [TLS13_AES_256_GCM_SHA384]}
                routes:
                - backends: [{mcp: {targets: [{name: a, mcp: {host: "https://mcp.example.com/mcp"}, policies: {backendTLS: {insecureHost: true}}}]}}]
            """);

        AssertError(result, 5, "binds[0].listeners[0].tls.cipherSuites", "'cipherSuites' is not supported by this version of the gateway yet");
        AssertError(result, 7, "binds[0].listeners[0].routes[0].backends[0].mcp.targets[0].policies.backendTLS.insecureHost",
            "'insecureHost' is not supported by this version of the gateway yet; use 'hostname'");
    }

    [Theory]
    [InlineData("TCP")]
    [InlineData("tls")]
    public void LoadText_ReferenceOnlyListenerProtocol_ReportsNotSupportedYet(string protocol)
    {
        var error = LoadSingleError("""
            binds:
            - port: 3000
              listeners:
              - protocol: PROTOCOL
                routes:
                - backends: [{mcp: {targets: [{name: a, stdio: {cmd: npx}}]}}]
            """.Replace("PROTOCOL", protocol, StringComparison.Ordinal));

        Assert.Equal($"'{protocol}' is not supported by this version of the gateway yet; use one of: HTTP, HTTPS", error.Message);
    }

    [Theory]
    [InlineData("HTTP", ListenerProtocol.Http)]
    [InlineData("http", ListenerProtocol.Http)]
    [InlineData("Http", ListenerProtocol.Http)]
    public void LoadText_ListenerProtocol_IsCaseInsensitive(string protocol, ListenerProtocol expected)
    {
        var config = LoadValid("""
            binds:
            - port: 3000
              listeners:
              - protocol: PROTOCOL
                routes:
                - backends: [{mcp: {targets: [{name: a, stdio: {cmd: npx}}]}}]
            """.Replace("PROTOCOL", protocol, StringComparison.Ordinal));

        Assert.Equal(expected, config.Binds[0].Listeners[0].Protocol);
    }

    [Theory]
    [InlineData("failClosed", McpFailureMode.FailClosed)]
    [InlineData("failOpen", McpFailureMode.FailOpen)]
    [InlineData("FAILOPEN", McpFailureMode.FailOpen)]
    public void LoadText_EnumValue_IsCamelCaseAndCaseInsensitive(string value, McpFailureMode expected)
    {
        var config = LoadValid($"mcp:\n  failureMode: {value}\n  targets: [{{name: a, stdio: {{cmd: npx}}}}]\n");

        Assert.Equal(expected, config.Mcp!.FailureMode);
    }

    [Fact]
    public void LoadText_ExplicitNullForOptionalSection_KeepsNull()
    {
        var config = LoadValid("""
            config:
            mcp:
              port: ~
              policies:
              targets: [{name: a, stdio: {cmd: npx}}]
            """);

        Assert.Null(config.Config);
        Assert.Null(config.Mcp!.Port);
        Assert.Null(config.Mcp.Policies);
    }

    [Fact]
    public void LoadText_EmptyPolicies_IsAccepted()
    {
        var config = LoadValid("mcp:\n  policies: {}\n  targets: [{name: a, stdio: {cmd: npx}}]\n");

        Assert.NotNull(config.Mcp!.Policies);
    }

    [Fact]
    public void LoadText_QuotedScalars_BindToNumbersAndBooleans()
    {
        var config = LoadValid("""
            mcp:
              port: "3000"
              targets: [{name: "a", stdio: {cmd: 'npx', clearEnv: "true", args: [1, true, "x"]}}]
            """);

        Assert.Equal(3000, config.Mcp!.Port);
        Assert.True(config.Mcp.Targets[0].Stdio!.ClearEnv);
        Assert.Equal(["1", "true", "x"], config.Mcp.Targets[0].Stdio!.Args);
    }

    [Fact]
    public void LoadText_AnchorsAndAliases_AreResolved()
    {
        var config = LoadValid("""
            binds:
            - port: 3000
              listeners:
              - routes:
                - backends:
                  - mcp:
                      targets:
                      - &everything {name: everything, stdio: {cmd: npx}}
            - port: 3001
              listeners:
              - routes:
                - backends:
                  - mcp:
                      targets: [*everything]
            """);

        var aliased = config.Binds[1].Listeners[0].Routes[0].Backends[0].Mcp!.Targets[0];
        Assert.Equal("everything", aliased.Name);
        Assert.Equal("npx", aliased.Stdio!.Cmd);
    }

    [Fact]
    public void LoadText_UnknownAlias_ReportsIt()
    {
        var error = LoadSingleError("mcp:\n  targets: [*nothing]\n");

        Assert.Equal(2, error.Line);
        Assert.Contains("alias '*nothing' refers to no anchor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_FailedListItem_KeepsIndexesOfLaterItems()
    {
        var result = Load("""
            mcp:
              targets:
              - [not, a, mapping]
              - name: Bad_Name
                stdio: {cmd: npx}
            """);

        Assert.Equal(2, result.Errors.Count);
        AssertError(result, 3, "mcp.targets[0]", "expected a mapping (keys and values), got a list");
        AssertError(result, 4, "mcp.targets[1].name", "reserved as a prefix separator");
    }
}

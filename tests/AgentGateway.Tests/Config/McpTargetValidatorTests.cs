using static AgentGateway.Tests.Config.ConfigTestLoader;

namespace AgentGateway.Tests.Config;

public sealed class McpTargetValidatorTests
{
    private const string Target = "mcp.targets[0]";

    public static TheoryData<string, int, string, string> Errors => new()
    {
        // Names.
        { TargetYaml("stdio: {cmd: npx}"), 3, $"{Target}.name", "a target needs a name (lowercase letters, digits, '-' and '.'); add e.g. 'name: my-server'" },
        { TargetYaml("name: ''\nstdio: {cmd: npx}"), 3, $"{Target}.name", "a target needs a name" },
        { TargetYaml("name: my_server\nstdio: {cmd: npx}"), 3, $"{Target}.name", "target name 'my_server' contains '_', which is reserved as a prefix separator (tools are exposed as '<target>_<tool>' and resources as '<target>+<uri>'); use '-' instead, e.g. 'my-server'" },
        { TargetYaml("name: my+server\nstdio: {cmd: npx}"), 3, $"{Target}.name", "target name 'my+server' contains '+', which is reserved as a prefix separator" },
        { TargetYaml("name: MyServer\nstdio: {cmd: npx}"), 3, $"{Target}.name", "target name 'MyServer' has upper-case letters; use lowercase, e.g. 'myserver'" },
        { TargetYaml("name: -server\nstdio: {cmd: npx}"), 3, $"{Target}.name", "target name '-server' is invalid; use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit" },
        { TargetYaml("name: server.\nstdio: {cmd: npx}"), 3, $"{Target}.name", "target name 'server.' is invalid" },
        { TargetYaml("name: my server\nstdio: {cmd: npx}"), 3, $"{Target}.name", "target name 'my server' is invalid" },
        { TargetYaml($"name: {new string('a', 64)}\nstdio: {{cmd: npx}}"), 3, $"{Target}.name", "is 64 characters long; use at most 63" },

        // Transports.
        { TargetYaml("name: a"), 3, Target, "target 'a' has no transport; set exactly one of 'stdio' (a local command), 'sse' or 'mcp' (a remote server)" },
        { TargetYaml("name: a\nstdio:"), 3, Target, "target 'a' has no transport" },
        { TargetYaml("name: a\nstdio: {cmd: npx}\nmcp: {host: 'http://localhost/mcp'}"), 3, Target, "target 'a' sets 'stdio' and 'mcp'; set exactly one transport" },

        // stdio.
        { TargetYaml("name: a\nstdio: {args: [x]}"), 4, $"{Target}.stdio.cmd", "stdio targets need 'cmd', the command that starts the MCP server (e.g. 'cmd: npx')" },
        { TargetYaml("name: a\nstdio: {cmd: '  '}"), 4, $"{Target}.stdio.cmd", "stdio targets need 'cmd'" },
        { TargetYaml("name: a\nstdio: {cmd: npx, args: [ok, \"a\\0b\"]}"), 4, $"{Target}.stdio.args[1]", "the argument contains a NUL character" },
        { TargetYaml("name: a\nstdio: {cmd: npx, env: {'A=B': x}}"), 4, $"{Target}.stdio.env.A=B", "environment variable name 'A=B' is invalid; a name must be non-empty and contain no '=' or NUL character" },
        { TargetYaml("name: a\nstdio: {cmd: npx, env: {'': x}}"), 4, $"{Target}.stdio.env.", "environment variable name '' is invalid" },
        { TargetYaml("name: a\nstdio: {cmd: npx, env: {A: \"x\\0y\"}}"), 4, $"{Target}.stdio.env.A", "the value of environment variable 'A' contains a NUL character" },

        // HTTP transports.
        { TargetYaml("name: a\nmcp: {port: 80}"), 4, $"{Target}.mcp.host", "'host' is required: a URL such as 'https://mcp.example.com/mcp'" },
        { TargetYaml("name: a\nsse: {host: ''}"), 4, $"{Target}.sse.host", "'host' is required: a URL such as 'https://mcp.example.com/sse'" },
        { TargetYaml("name: a\nmcp: {host: 'ftp://example.com/mcp'}"), 4, $"{Target}.mcp.host", "host 'ftp://example.com/mcp' is not a valid http or https URL" },
        { TargetYaml("name: a\nmcp: {host: 'https://'}"), 4, $"{Target}.mcp.host", "is not a valid http or https URL" },
        { TargetYaml("name: a\nmcp: {host: 'https://example.com/mcp', port: 443}"), 4, $"{Target}.mcp.port", "'port' cannot be combined with a URL in 'host'" },
        { TargetYaml("name: a\nmcp: {host: 'https://example.com', path: /mcp}"), 4, $"{Target}.mcp.path", "'path' cannot be combined with a URL in 'host'" },
        { TargetYaml("name: a\nmcp: {host: 'localhost:8080'}"), 4, $"{Target}.mcp.host", "host 'localhost:8080' contains a port; set 'port: 8080' separately, or write a URL such as 'http://localhost:8080/mcp'" },
        { TargetYaml("name: a\nmcp: {host: 'bad host'}"), 4, $"{Target}.mcp.host", "host 'bad host' is neither an http(s) URL nor a host name" },
        { TargetYaml("name: a\nmcp: {host: localhost, port: 0}"), 4, $"{Target}.mcp.port", "port 0 is out of range" },
        { TargetYaml("name: a\nsse: {host: localhost, port: 3001, path: sse}"), 4, $"{Target}.sse.path", "path 'sse' must start with '/'; write '/sse'" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Validate_InvalidTarget_ReportsLinePathAndMessage(string yaml, int line, string path, string message) =>
        AssertSingleError(yaml, line, path, message);

    [Theory]
    [InlineData("a")]
    [InlineData("my-server")]
    [InlineData("server.v2")]
    [InlineData("0day")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890bc")]
    public void Validate_ValidName_IsAccepted(string name)
    {
        var config = LoadValid(TargetYaml($"name: {name}\nstdio: {{cmd: npx}}"));

        Assert.Equal(name, config.Mcp!.Targets[0].Name);
    }

    [Theory]
    [InlineData("{host: 'https://mcp.example.com/mcp'}")]
    [InlineData("{host: 'http://localhost:3001'}")]
    [InlineData("{host: localhost}")]
    [InlineData("{host: mcp.example.com, port: 443, path: /mcp}")]
    [InlineData("{host: 10.0.0.1, port: 8080}")]
    [InlineData("{host: '[::1]', port: 8080, path: /}")]
    public void Validate_ValidHttpTarget_IsAccepted(string http)
    {
        var config = LoadValid(TargetYaml($"name: a\nmcp: {http}"));

        Assert.NotNull(config.Mcp!.Targets[0].Mcp);
    }

    [Fact]
    public void Validate_TargetInRouteBackend_ReportsFullPath()
    {
        var result = Load(RouteYaml("""
            backends:
            - mcp:
                targets:
                - name: ok
                  stdio: {cmd: npx}
                - name: not_ok
                  stdio: {cmd: npx}
            """));

        var error = AssertError(result, 10, "binds[0].listeners[0].routes[0].backends[0].mcp.targets[1].name", "reserved as a prefix separator");
        Assert.Equal(19, error.Column);
        Assert.Single(result.Errors);
    }
}

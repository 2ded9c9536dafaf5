using static AgentGateway.Tests.Config.ConfigTestLoader;

namespace AgentGateway.Tests.Config;

public sealed class McpBackendValidatorTests
{
    private const string Backend0 = "binds[0].listeners[0].routes[0].backends[0].mcp";

    public static TheoryData<string, int, string, string> Errors => new()
    {
        { RouteYaml("backends:\n- mcp: {targets: []}"), 6, $"{Backend0}.targets", "an MCP backend needs at least one target" },
        { RouteYaml("backends:\n- mcp: {statefulMode: stateless}"), 6, $"{Backend0}.targets", "an MCP backend needs at least one target" },
        { "mcp:\n  port: 3000\n", 2, "mcp.targets", "an MCP backend needs at least one target" },
        {
            RouteYaml("""
                backends:
                - mcp:
                    targets:
                    - name: my-server
                      stdio: {cmd: npx}
                    - name: my-server
                      mcp: {host: "https://mcp.example.com/mcp"}
                """), 10, $"{Backend0}.targets[1].name",
            $"target name 'my-server' is already used by {Backend0}.targets[0]; names must be unique within a backend"
        },
        { "mcp:\n  targets:\n  - {name: a, stdio: {cmd: npx}}\n  - {name: a, stdio: {cmd: uvx}}\n", 4, "mcp.targets[1].name", "target name 'a' is already used by mcp.targets[0]" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Validate_InvalidMcpBackend_ReportsLinePathAndMessage(string yaml, int line, string path, string message) =>
        AssertSingleError(yaml, line, path, message);

    [Fact]
    public void Validate_SameTargetNameInTwoBackends_IsValid()
    {
        var config = LoadValid($"binds:\n- port: 3000\n  {Listeners}\n- port: 3001\n  {Listeners}\n");

        Assert.Equal(2, config.Binds.Count);
    }
}

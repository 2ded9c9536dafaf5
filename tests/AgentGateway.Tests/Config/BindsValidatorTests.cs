using static AgentGateway.Tests.Config.ConfigTestLoader;

namespace AgentGateway.Tests.Config;

public sealed class BindsValidatorTests
{
    public static TheoryData<string, int, string, string> Errors => new()
    {
        { "config: {}\n", 1, "", "the configuration serves nothing; add 'binds:' with at least one port, or the 'mcp:' shortcut" },
        { "binds: []\n", 1, "binds", "the configuration serves nothing" },
        {
            $$"""
            binds:
            - port: 0
              {{Listeners}}
            """, 2, "binds[0].port", "port 0 is out of range; use a TCP port between 1 and 65535"
        },
        {
            $$"""
            binds:
            - port: 65536
              {{Listeners}}
            """, 2, "binds[0].port", "port 65536 is out of range"
        },
        {
            $$"""
            binds:
            - {{Listeners}}
            """, 2, "binds[0]", "a bind needs a port; add e.g. 'port: 3000'"
        },
        {
            $$"""
            binds:
            - port: 3000
              {{Listeners}}
            - port: 3000
              {{Listeners}}
            """, 4, "binds[1].port", "port 3000 is already used by binds[0] (line 2); put all listeners of a port in one bind, or use another port"
        },
        { "binds:\n- port: 3000\n", 2, "binds[0].listeners", "a bind needs at least one listener" },
        {
            $$"""
            binds:
            - port: 3000
              {{Listeners}}
            mcp:
              targets: [{name: a, stdio: {cmd: npx} }]
            """, 5, "mcp", "the 'mcp:' shortcut serves port 3000, which binds[0] already uses"
        },
        { "binds:\n- port: 3000\n  listeners: []\n", 3, "binds[0].listeners", "a bind needs at least one listener" },
        { "mcp:\n  port: 0\n  targets: [{name: a, stdio: {cmd: npx}}]\n", 2, "mcp.port", "port 0 is out of range" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Validate_InvalidBinds_ReportsLinePathAndMessage(string yaml, int line, string path, string message) =>
        AssertSingleError(yaml, line, path, message);

    [Theory]
    [InlineData(1)]
    [InlineData(65535)]
    public void Validate_PortAtBounds_IsValid(int port)
    {
        var config = LoadValid($"binds:\n- port: {port}\n  {Listeners}\n");

        Assert.Equal(port, config.Binds[0].Port);
    }

    [Fact]
    public void Validate_TwoBindsOnDifferentPorts_IsValid()
    {
        var config = LoadValid($"binds:\n- port: 3000\n  {Listeners}\n- port: 3001\n  {Listeners}\n");

        Assert.Equal([3000, 3001], config.Binds.Select(b => b.Port));
    }
}

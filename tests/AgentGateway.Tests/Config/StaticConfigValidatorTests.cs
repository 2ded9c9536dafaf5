using static AgentGateway.Tests.Config.ConfigTestLoader;

namespace AgentGateway.Tests.Config;

public sealed class StaticConfigValidatorTests
{
    public static TheoryData<string, int, string, string> Errors => new()
    {
        { StaticYaml("adminAddr: localhost"), 2, "config.adminAddr", "invalid address 'localhost'; use 'host:port' (e.g. '127.0.0.1:15000' or '[::1]:15000') or 'off'" },
        { StaticYaml("adminAddr: localhost:0"), 2, "config.adminAddr", "port 0 is out of range" },
        { StaticYaml("statsAddr: 0.0.0.0:99999"), 2, "config.statsAddr", "port 99999 is out of range" },
        { StaticYaml("statsAddr: unix:/run/stats.sock"), 2, "config.statsAddr", "unix socket addresses are not supported yet" },
        { StaticYaml("readinessAddr: '::1:15021'"), 2, "config.readinessAddr", "invalid address '::1:15021'; use 'host:port' (e.g. '0.0.0.0:15021' or '[::1]:15021') or 'off'" },
        { StaticYaml("readinessAddr: 'bad host:1'"), 2, "config.readinessAddr", "invalid address 'bad host:1'" },
        { StaticYaml("readinessAddr: 'OFF'"), 2, "config.readinessAddr", "invalid address 'OFF'" },
        { StaticYaml("logging:\n  level: verbose"), 3, "config.logging.level", "invalid log level 'verbose'; use one of trace, debug, info, warn or error" },
        { StaticYaml("mcp: {sessionTtl: 0s}"), 2, "config.mcp.sessionTtl", "sessionTtl must be greater than zero" },
        { StaticYaml("mcp: {requestTimeout: 0s}"), 2, "config.mcp.requestTimeout", "requestTimeout must be greater than zero" },
        { StaticYaml("http: {maxBufferSize: 100}"), 2, "config.http.maxBufferSize", "maxBufferSize is 100 bytes; use at least 1024" },
        { StaticYaml("http: {maxBufferSize: 2MiB}"), 2, "config.http.maxBufferSize", "expected an integer" },
        { StaticYaml("mcp: {initializeTimeout: 0s}"), 2, "config.mcp.initializeTimeout", "initializeTimeout must be greater than zero" },
        { StaticYaml("mcp: {maxSessions: 0}"), 2, "config.mcp.maxSessions", "maxSessions must be at least 1" },
        { StaticYaml("mcp: {maxSessions: many}"), 2, "config.mcp.maxSessions", "expected an integer" },
        { StaticYaml("mcp: {maxSessionsPerCaller: 0}"), 2, "config.mcp.maxSessionsPerCaller", "maxSessionsPerCaller must be at least 1" },
        { StaticYaml("mcp: {maxSessions: 50, maxSessionsPerCaller: 100}"), 2, "config.mcp.maxSessionsPerCaller", "maxSessionsPerCaller (100) is above maxSessions (50), so it would never apply" },
        { StaticYaml("mcp: {maxSessionsPerCaller: 1001}"), 2, "config.mcp.maxSessionsPerCaller", "maxSessionsPerCaller (1001) is above maxSessions (1000)" },
        { StaticYaml("session: {key: abc}"), 2, "config.session", "'session' is not supported by this version of the gateway yet; remove it" },
        { StaticYaml("logging: {filter: 'x'}"), 2, "config.logging.filter", "invalid CEL at line 1, column 1: undeclared reference to 'x'" },
        { StaticYaml("logging: {fields: {add: {'bad name': 'jwt.sub'}}}"), 2, "config.logging.fields.add.bad name", "field name 'bad name' is invalid" },
        { StaticYaml("logging: {fields: {remove: [x]}}"), 2, "config.logging.fields.remove[0]", "'x' is not a standard access-log field; use one of method, path, status" },
        { StaticYaml("logging: {fields: {remove: [Route]}}"), 2, "config.logging.fields.remove[0]", "'Route' is not a standard access-log field" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Validate_InvalidStaticConfig_ReportsLinePathAndMessage(string yaml, int line, string path, string message) =>
        AssertSingleError(yaml, line, path, message);

    [Theory]
    [InlineData("off")]
    [InlineData("127.0.0.1:15000")]
    [InlineData("0.0.0.0:1")]
    [InlineData("localhost:15000")]
    [InlineData("[::1]:15000")]
    [InlineData("[::]:65535")]
    public void Validate_ValidAddress_IsAccepted(string address)
    {
        var config = LoadValid(StaticYaml($"adminAddr: '{address}'"));

        Assert.Equal(address, config.Config!.AdminAddr);
    }

    [Theory]
    [InlineData("trace")]
    [InlineData("debug")]
    [InlineData("info")]
    [InlineData("warn")]
    [InlineData("warning")]
    [InlineData("error")]
    [InlineData("INFO")]
    public void Validate_ValidLogLevel_IsAccepted(string level)
    {
        var config = LoadValid(StaticYaml($"logging: {{level: {level}}}"));

        Assert.Equal(level, config.Config!.Logging!.Level);
    }

    [Fact]
    public void Validate_MaxSessionsPerCaller_UpToMaxSessions_IsAccepted_AndTheDefaultLimitIsTheEngines()
    {
        var config = LoadValid(StaticYaml("mcp: {maxSessions: 50, maxSessionsPerCaller: 50}"));

        Assert.Equal(50, config.Config!.Mcp!.MaxSessionsPerCaller);
        Assert.Equal(AgentGateway.Config.Validation.StaticConfigValidator.DefaultMaxSessions, new AgentGateway.Mcp.McpEngineOptions().MaxSessions);
        Assert.Equal(5, AgentGateway.Proxy.State.GatewaySnapshotBuilder.EngineOptions(LoadValid(StaticYaml("mcp: {maxSessionsPerCaller: 5}"))).MaxSessionsPerCaller);
    }
}

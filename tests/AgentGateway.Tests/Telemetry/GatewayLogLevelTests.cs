using AgentGateway.Telemetry;
using Microsoft.Extensions.Logging;

namespace AgentGateway.Tests.Telemetry;

public sealed class GatewayLogLevelTests
{
    [Theory]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("INFO", LogLevel.Information)]
    [InlineData("warning", LogLevel.Warning)]
    [InlineData("warn", LogLevel.Warning)]
    public void TryParse_ConfigNames(string name, LogLevel expected)
    {
        Assert.True(GatewayLogLevel.TryParse(name, out var level));
        Assert.Equal(expected, level);
    }

    [Theory]
    [InlineData("")]
    [InlineData("verbose")]
    [InlineData(null)]
    public void TryParse_UnknownNames_Fail(string? name) => Assert.False(GatewayLogLevel.TryParse(name, out _));

    [Fact]
    public void PostConfigure_BeforeAnyChange_LeavesTheOptionsAlone()
    {
        using var level = new GatewayLogLevel();
        var options = new LoggerFilterOptions { MinLevel = LogLevel.Debug };

        level.PostConfigure(null, options);

        Assert.Equal(LogLevel.Debug, options.MinLevel);
        Assert.Empty(options.Rules);
    }

    [Fact]
    public void Set_FiresTheChangeToken_AndAppliesTheLevelAndFrameworkRules()
    {
        using var level = new GatewayLogLevel();
        var token = level.GetChangeToken();
        var options = new LoggerFilterOptions { MinLevel = LogLevel.Information };
        options.Rules.Add(new LoggerFilterRule(null, "Microsoft", LogLevel.Warning, null));
        options.Rules.Add(new LoggerFilterRule(null, "AgentGateway.Mcp", LogLevel.Error, null));

        level.Set(LogLevel.Debug);
        level.PostConfigure(null, options);

        Assert.True(token.HasChanged);
        Assert.False(level.GetChangeToken().HasChanged);
        Assert.Equal(LogLevel.Debug, options.MinLevel);
        Assert.Equal(["AgentGateway.Mcp"], options.Rules.Select(r => r.CategoryName)); // framework chatter shown at debug

        level.Set(LogLevel.Warning);
        level.PostConfigure(null, options);
        Assert.Equal(LogLevel.Warning, options.MinLevel);
        Assert.Equal(["AgentGateway.Mcp", .. GatewayLogLevel.FrameworkCategories], options.Rules.Select(r => r.CategoryName));
    }

    [Theory]
    [InlineData("Microsoft", LogLevel.Warning)]
    [InlineData("Yarp", LogLevel.Warning)]
    [InlineData(GatewayLogLevel.HostingDiagnostics, LogLevel.None)] // per-request chatter, and an Activity per request while on
    [InlineData(GatewayLogLevel.HostLifetime, LogLevel.Critical)] // a failed start is the gateway's own one-line error
    public void QuietLevel_OfEachFrameworkCategory(string category, LogLevel expected) =>
        Assert.Equal(expected, GatewayLogLevel.QuietLevel(category));
}

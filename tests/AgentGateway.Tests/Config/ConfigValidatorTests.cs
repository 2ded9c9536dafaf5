using AgentGateway.Config;
using AgentGateway.Config.Loading;
using AgentGateway.Config.Model;
using AgentGateway.Config.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGateway.Tests.Config;

public sealed class ConfigValidatorTests
{
    [Fact]
    public void Validate_ConfigBuiltInCode_ReportsPathsWithoutPositions()
    {
        var config = new GatewayConfig
        {
            Mcp = new SimpleMcpConfig { Targets = [new McpTargetConfig { Name = "Bad_Name" }] },
        };

        var errors = ConfigValidator.CreateDefault().Validate(config, new ConfigSourceMap("<code>"));

        Assert.Equal(["mcp.targets[0].name", "mcp.targets[0]"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Equal((0, 0, "<code>"), (e.Line, e.Column, e.Source)));
        Assert.StartsWith("<code>: mcp.targets[0].name: target name 'Bad_Name'", errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidConfigBuiltInCode_ReportsNothing()
    {
        var config = new GatewayConfig
        {
            Mcp = new SimpleMcpConfig { Targets = [new McpTargetConfig { Name = "a", Stdio = new StdioTargetConfig { Cmd = "npx" } }] },
        };

        Assert.Empty(ConfigValidator.CreateDefault().Validate(config, new ConfigSourceMap("<code>")));
    }

    [Fact]
    public void Validate_ExtraSectionValidator_RunsAfterBuiltIns()
    {
        var validator = new ConfigValidator([new BindsValidator(), new RejectEverything()]);

        var errors = validator.Validate(new GatewayConfig(), new ConfigSourceMap("x"));

        Assert.Equal(["the configuration serves nothing", "rejected"], errors.Select(e => e.Message.Split(';')[0]));
    }

    [Fact]
    public void AddGatewayConfig_ResolvesLoaderWithEveryBuiltInValidator()
    {
        using var provider = new ServiceCollection().AddGatewayConfig().BuildServiceProvider();

        Assert.Equal(7, provider.GetServices<IConfigSectionValidator>().Count());
        var result = provider.GetRequiredService<ConfigLoader>().LoadText("mcp:\n  targets: []\n", "x.yaml");
        Assert.Equal("x.yaml:2:12: mcp.targets: an MCP backend needs at least one target", result.Errors.Single().ToString().Split(';')[0]);
    }

    [Theory]
    [InlineData("binds[0].port", "binds[0]", true)]
    [InlineData("binds[0]", "binds[0]", true)]
    [InlineData("binds[0].listeners[1]", "binds", true)]
    [InlineData("binds[10]", "binds[1]", false)]
    [InlineData("bindsx", "binds", false)]
    [InlineData("binds", "binds[0]", false)]
    [InlineData("anything", "", true)]
    public void IsSameOrUnder_Paths_ComparesBySegment(string path, string ancestor, bool expected) =>
        Assert.Equal(expected, ConfigPath.IsSameOrUnder(path, ancestor));

    [Fact]
    public void ConfigPath_BuildsAndWalksBack()
    {
        var path = ConfigPath.Root.Property("binds").Index(0).Property("listeners").Index(2);

        Assert.Equal("binds[0].listeners[2]", path.ToString());
        Assert.Equal("binds[0].listeners", path.Parent.ToString());
        Assert.Equal("binds", path.Parent.Parent.Parent.ToString());
        Assert.True(path.Parent.Parent.Parent.Parent.IsRoot);
        Assert.Equal(ConfigPath.Root, ConfigPath.Root.Parent);
    }

    private sealed class RejectEverything : IConfigSectionValidator
    {
        public void Validate(GatewayConfig config, ConfigValidationContext context) => context.AddError(ConfigPath.Root, "rejected");
    }
}

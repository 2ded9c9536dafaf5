using AgentGateway.Mcp;
using NetArchTest.Rules;

namespace AgentGateway.Tests.Architecture;

/// <summary>The dependency directions of ARCHITECTURE.md, enforced on the built assembly.</summary>
public sealed class LayeringTests
{
    private static Types Gateway => Types.InAssembly(typeof(McpBackendModel).Assembly);

    [Theory]
    [InlineData("AgentGateway.Mcp", "AgentGateway.Proxy")]
    [InlineData("AgentGateway.Mcp", "AgentGateway.Hosting")]
    [InlineData("AgentGateway.Config", "AgentGateway.Mcp")]
    [InlineData("AgentGateway.Config", "AgentGateway.Proxy")]
    [InlineData("AgentGateway.Config", "AgentGateway.Hosting")]
    [InlineData("AgentGateway.Proxy", "AgentGateway.Hosting")]
    [InlineData("AgentGateway.Utilities", "AgentGateway.Mcp")]
    [InlineData("AgentGateway.Utilities", "AgentGateway.Config")]
    [InlineData("AgentGateway.Telemetry", "AgentGateway.Config")]
    [InlineData("AgentGateway.Telemetry", "AgentGateway.Mcp")]
    [InlineData("AgentGateway.Telemetry", "AgentGateway.Proxy")]
    [InlineData("AgentGateway.Telemetry", "AgentGateway.Admin")]
    [InlineData("AgentGateway.Mcp", "AgentGateway.Admin")]
    [InlineData("AgentGateway.Proxy", "AgentGateway.Admin")]
    [InlineData("AgentGateway.Config", "AgentGateway.Admin")]
    [InlineData("AgentGateway.Security", "AgentGateway.Admin")]
    [InlineData("AgentGateway.Admin", "AgentGateway.Hosting")]
    public void Namespace_DoesNotDependOnHigherLayer(string lower, string higher)
    {
        var result = Gateway.That().ResideInNamespace(lower).ShouldNot().HaveDependencyOn(higher).GetResult();
        Assert.True(result.IsSuccessful, $"{lower} must not use {higher}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void ConfigModel_DependsOnNothingElseInTheGateway()
    {
        var result = Gateway.That().ResideInNamespace("AgentGateway.Config.Model")
            .ShouldNot().HaveDependencyOnAny("AgentGateway.Config.Loading", "AgentGateway.Config.Validation", "AgentGateway.Mcp", "AgentGateway.Proxy", "AgentGateway.Hosting")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Types_AreNotPublic_ExceptConfigModel()
    {
        var result = Gateway.That().DoNotResideInNamespace("AgentGateway.Config.Model")
            .And().DoNotHaveNameStartingWith("<")
            .And().DoNotHaveName("Program")
            .And().AreNotNested()
            .ShouldNot().BePublic().GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }
}

namespace AgentGateway.Tests.Hosting;

/// <summary>How <c>GatewayApp</c> dispatches the <c>keygen</c> and <c>token</c> subcommands next to its own options.</summary>
public sealed class GatewayAppSubcommandTests
{
    [Fact]
    public async Task Help_ListsTheSubcommands()
    {
        var run = await TokenToolsHarness.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--validate-only", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("agentgateway keygen --out <dir>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("agentgateway token --key", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subcommand_NotFirst_IsAnUnknownArgumentOfTheGateway()
    {
        var run = await TokenToolsHarness.RunAsync("-f", "c.yaml", "token");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown argument 'token'", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keygen")]
    [InlineData("token")]
    public async Task Subcommand_Help_IsItsOwn(string command)
    {
        var run = await TokenToolsHarness.RunAsync(command, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"Usage: agentgateway {command}", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--validate-only", run.Stdout, StringComparison.Ordinal);
    }
}

using AgentGateway.Hosting;

namespace AgentGateway.Tests.Hosting;

public sealed class GatewayCommandLineTests
{
    [Theory]
    [InlineData(new[] { "-f", "c.yaml" }, "c.yaml", false)]
    [InlineData(new[] { "--file", "c.yaml", "--validate-only" }, "c.yaml", true)]
    [InlineData(new[] { "--file=c.yaml" }, "c.yaml", false)]
    [InlineData(new[] { "-f", "-" }, "-", false)]
    public void Parse_Valid(string[] args, string file, bool validateOnly)
    {
        var cli = GatewayCommandLine.Parse(args);
        Assert.Empty(cli.Errors);
        Assert.Equal(file, cli.File);
        Assert.Equal(validateOnly, cli.ValidateOnly);
    }

    [Theory]
    [InlineData(new string[0], "no configuration given")]
    [InlineData(new[] { "-f" }, "needs a value")]
    [InlineData(new[] { "-f", "c.yaml", "--bogus" }, "unknown argument '--bogus'")]
    public void Parse_Invalid_ExplainsWhy(string[] args, string message) =>
        Assert.Contains(GatewayCommandLine.Parse(args).Errors, e => e.Contains(message, StringComparison.Ordinal));

    [Fact]
    public void Parse_VersionAndHelp_NeedNoFile()
    {
        Assert.Empty(GatewayCommandLine.Parse(["--version"]).Errors);
        Assert.True(GatewayCommandLine.Parse(["-h"]).ShowHelp);
    }
}

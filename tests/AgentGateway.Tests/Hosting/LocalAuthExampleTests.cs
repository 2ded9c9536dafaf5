using System.Text.Json;
using AgentGateway.Hosting.Tokens;

namespace AgentGateway.Tests.Hosting;

/// <summary><c>examples/local-auth</c>: the committed demo key signs tokens that its <c>jwks.json</c> verifies.</summary>
public sealed class LocalAuthExampleTests
{
    private const string Issuer = "https://local-auth.example/";
    private const string Audience = "http://localhost:3000/mcp";

    private static string ExampleDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AgentGateway.slnx")))
            {
                directory = directory.Parent;
            }

            Assert.NotNull(directory);
            return Path.Combine(directory.FullName, "examples", "local-auth");
        }
    }

    [Fact]
    public async Task DemoKey_TheReadmeCommand_MintsATokenTheExampleJwksAccepts()
    {
        var run = await TokenToolsHarness.RunAsync("token", "--key", Path.Combine(ExampleDirectory, "demo-private-key.jwk.json"),
            "--iss", Issuer, "--aud", Audience, "--sub", "alice", "--claim", "permissions=read:tools");

        Assert.Equal(0, run.ExitCode);
        var token = run.SingleLine();
        var jwks = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(await File.ReadAllTextAsync(Path.Combine(ExampleDirectory, "jwks.json"), TestContext.Current.CancellationToken));
        var result = await new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().ValidateTokenAsync(token, new Microsoft.IdentityModel.Tokens.TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            TryAllIssuerSigningKeys = false,
        });
        Assert.True(result.IsValid, result.Exception?.ToString());
        Assert.Equal("local-auth-demo", TokenToolsHarness.Read(token).Kid);
    }

    [Fact]
    public async Task Config_NamesTheIssuerAudienceAndJwksTheReadmeUses()
    {
        var config = await File.ReadAllTextAsync(Path.Combine(ExampleDirectory, "config.yaml"), TestContext.Current.CancellationToken);

        var lines = config.Split('\n').Select(line => line.Trim()).ToArray();
        Assert.Contains($"issuer: {Issuer}", lines);
        Assert.Contains($"- {Audience}", lines);
        Assert.Contains("file: jwks.json", lines);
        Assert.DoesNotContain("authorization:", config, StringComparison.Ordinal);
        using var jwks = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(ExampleDirectory, KeygenCommand.JwksFileName), TestContext.Current.CancellationToken));
        var key = Assert.Single(jwks.RootElement.GetProperty("keys").EnumerateArray().ToArray());
        Assert.False(key.TryGetProperty("d", out _));
    }
}

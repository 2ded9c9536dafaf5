using AgentGateway.Hosting;
using AgentGateway.Hosting.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentGateway.Tests.Hosting;

/// <summary>Runs <c>agentgateway keygen</c> and <c>token</c> in process, in a temporary directory, and verifies tokens.</summary>
public sealed class TokenToolsHarness : IDisposable
{
    /// <summary>A fresh directory, deleted on dispose.</summary>
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("agw-tokens-").FullName;

    /// <summary>Runs the whole program (<see cref="GatewayApp.RunAsync"/>), as the command line does.</summary>
    public static async Task<CommandRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await GatewayApp.RunAsync(args, stdout, stderr, TextReader.Null);
        return new CommandRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs <c>token</c> with a given clock.</summary>
    public static async Task<CommandRun> RunTokenAsync(TimeProvider time, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await TokenCommand.RunAsync(args, stdout, stderr, time, TestContext.Current.CancellationToken);
        return new CommandRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs <c>keygen</c> into a subdirectory <paramref name="name"/>; returns that directory.</summary>
    public async Task<string> KeygenAsync(string name, params string[] extra)
    {
        var output = Path.Combine(Directory, name);
        var run = await RunAsync(["keygen", "--out", output, .. extra]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return output;
    }

    /// <summary>Runs <c>token</c> with the key in <paramref name="keyDirectory"/>; returns the token.</summary>
    public static async Task<string> TokenAsync(string keyDirectory, params string[] args)
    {
        var run = await RunAsync(["token", "--key", Path.Combine(keyDirectory, KeygenCommand.PrivateKeyFileName), .. args]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        return run.SingleLine();
    }

    /// <summary>Validates <paramref name="token"/> with IdentityModel against the <c>jwks.json</c> that keygen wrote.</summary>
    public static async Task<TokenValidationResult> ValidateAsync(string token, string keyDirectory, string issuer, string audience, bool validateLifetime = true)
    {
        var jwks = new JsonWebKeySet(await File.ReadAllTextAsync(Path.Combine(keyDirectory, KeygenCommand.JwksFileName), TestContext.Current.CancellationToken));
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidateLifetime = validateLifetime,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.Zero,
            TryAllIssuerSigningKeys = false, // the header's kid must select the key
        };
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
    }

    /// <summary>The decoded token, without checking anything.</summary>
    public static JsonWebToken Read(string token) => new JsonWebTokenHandler().ReadJsonWebToken(token);

    /// <inheritdoc />
    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

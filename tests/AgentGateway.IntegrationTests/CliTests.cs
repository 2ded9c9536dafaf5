using AgentGateway.Hosting;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>The command line: <c>GatewayApp.RunAsync</c> with captured standard streams.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("agw-cli-").FullName;

    private static string BasicExample => Path.Combine(RepoPaths.Examples, "basic", "config.yaml");

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new StringReader(stdin);
        var exitCode = await GatewayApp.RunAsync(args, stdout, stderr, input);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task ValidateOnly_BasicExample_Returns0AndSaysValid()
    {
        var (exitCode, stdout, stderr) = await RunAsync("", "--validate-only", "-f", BasicExample);

        Assert.Equal(0, exitCode);
        Assert.Contains("valid", stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task ValidateOnly_InvalidFile_Returns1AndListsEveryErrorWithFileLineColumnAndKey()
    {
        var path = Path.Combine(_directory, "bad.yaml");
        await File.WriteAllTextAsync(path, """
            binds:
            - port: 70000
              listeners:
              - routes:
                - backends:
                  - mcp:
                      targets:
                      - name: a
                        stdio: {cmd: echo}
                      prefixMod: always
            """, TestContext.Current.CancellationToken);

        var (exitCode, stdout, stderr) = await RunAsync("", "--validate-only", "-f", path);

        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("is valid", stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("2 errors", stderr, StringComparison.Ordinal);
        var lines = stderr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var port = Assert.Single(lines, l => l.StartsWith($"{path}:2:", StringComparison.Ordinal));
        Assert.Contains("binds[0].port", port, StringComparison.Ordinal);
        Assert.Contains("70000", port, StringComparison.Ordinal);
        var typo = Assert.Single(lines, l => l.StartsWith($"{path}:10:", StringComparison.Ordinal));
        Assert.Contains("prefixMod", typo, StringComparison.Ordinal);
        Assert.Contains("prefixMode", typo, StringComparison.Ordinal); // the suggestion
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(path)}:10:\d+: ", typo);
    }

    [Fact]
    public async Task Run_InvalidFileWithoutValidateOnly_Returns1WithoutStarting()
    {
        var path = Path.Combine(_directory, "typo.yaml");
        await File.WriteAllTextAsync(path, "bindz: []\n", TestContext.Current.CancellationToken);

        var (exitCode, _, stderr) = await RunAsync("", "-f", path);

        Assert.Equal(1, exitCode);
        Assert.Contains($"{path}:1:1", stderr, StringComparison.Ordinal);
        Assert.Contains("bindz", stderr, StringComparison.Ordinal);
    }

    /// <summary>A config binding <paramref name="port"/>, with <paramref name="config"/> as its <c>config:</c> block, in front of a target that never starts.</summary>
    private static string EchoTargetConfig(int port, string config) => $$"""
        config: {{config}}
        binds:
        - port: {{port}}
          listeners:
          - routes:
            - backends:
              - mcp:
                  targets:
                  - name: a
                    stdio: {cmd: echo}
        """;

    [Fact]
    public async Task Run_PortAlreadyInUse_Returns1AndSaysSo()
    {
        using var occupied = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
        occupied.Start();
        var port = ((System.Net.IPEndPoint)occupied.LocalEndpoint).Port;
        var path = Path.Combine(_directory, "busy.yaml");
        await File.WriteAllTextAsync(path, EchoTargetConfig(port, """{adminAddr: "off", statsAddr: "off", readinessAddr: "off"}"""), TestContext.Current.CancellationToken);

        var (exitCode, _, stderr) = await RunAsync("", "-f", path);

        Assert.Equal(1, exitCode);
        Assert.Contains("cannot listen", stderr, StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AdminAddressInUse_Returns1_AndTheServicesAlreadyStartedEndQuietly()
    {
        using var occupied = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((System.Net.IPEndPoint)occupied.LocalEndpoint).Port;
        var path = Path.Combine(_directory, "busy-admin.yaml");
        await File.WriteAllTextAsync(path, EchoTargetConfig(FreePort.Next(), $$"""{adminAddr: "127.0.0.1:{{port}}", statsAddr: "off", readinessAddr: "off"}"""),
            TestContext.Current.CancellationToken);

        // The executable, not the app in this process: its log goes to its own standard error.
        await using var gateway = GatewayExecutable.Start(path);
        await gateway.Process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(1, gateway.Process.ExitCode);
        var output = gateway.Output;
        Assert.Contains($"cannot listen on 127.0.0.1:{port} for config.adminAddr", output, StringComparison.Ordinal);
        // The background services (session reaper, configuration and certificate reloads) had started: they end as
        // they do at shutdown, not as failures (a "BackgroundService failed" error, then a "crit:" line, before).
        Assert.DoesNotContain("BackgroundService failed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("crit:", output, StringComparison.Ordinal);
        // The gateway's one line says what failed; the host's "Hosting failed to start" and its stack trace are not repeated.
        Assert.DoesNotContain("Hosting failed to start", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateOnly_FileDoesNotExist_Returns1AndNamesTheFile()
    {
        var path = Path.Combine(_directory, "missing.yaml");

        var (exitCode, _, stderr) = await RunAsync("", "--validate-only", "-f", path);

        Assert.Equal(1, exitCode);
        Assert.Contains(path, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateOnly_ConfigOnStdin_IsRead()
    {
        var yaml = await File.ReadAllTextAsync(BasicExample, TestContext.Current.CancellationToken);

        var (exitCode, stdout, _) = await RunAsync(yaml, "--validate-only", "-f", "-");

        Assert.Equal(0, exitCode);
        Assert.Contains("valid", stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ValidateOnly_InvalidConfigOnStdin_ReportsStdinLocations()
    {
        var (exitCode, _, stderr) = await RunAsync("binds:\n- port: 0\n", "--validate-only", "-f", "-");

        Assert.Equal(1, exitCode);
        Assert.Contains("<stdin>:2:", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("-V")]
    public async Task Version_Returns0AndPrintsTheVersion(string flag)
    {
        var (exitCode, stdout, _) = await RunAsync("", flag);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"^agentgateway \d+\.\d+\.\d+", stdout);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_Returns0AndPrintsUsage(string flag)
    {
        var (exitCode, stdout, _) = await RunAsync("", flag);

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        Assert.Contains("--validate-only", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("--validate-only")]
    [InlineData("-f")]
    [InlineData("--bogus", "-f", "x.yaml")]
    public async Task Run_BadArguments_Returns2WithUsage(params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunAsync("", args);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// The native executable (<c>dotnet publish</c>, Native AOT) reads configuration files exactly as the JIT build does:
/// its config binder, validation and schema work by reflection over the config records, which trimming or a missing
/// feature switch (nullable annotations) would silently change. Each case runs both executables with
/// <c>--validate-only</c> and compares their exit codes and every line they print. Serving traffic natively is covered
/// by the <see cref="GatewayBuild.Native"/> cases of <see cref="ExecutableTests"/> and <see cref="ShutdownTests"/>.
/// </summary>
public sealed class NativeExecutableTests : IDisposable
{
    // The ${VAR} references of examples/ (the users' secrets), given to both executables.
    private static readonly Dictionary<string, string> s_exampleSecrets = new(StringComparer.Ordinal)
    {
        ["REMOTE_API_KEY"] = "example-value",
        ["REMOTE_MCP_KEY"] = "example-value",
        ["COLLECTOR_API_KEY"] = "example-value",
    };

    private readonly string _directory = Directory.CreateTempSubdirectory("agw-native-").FullName;

    /// <summary>Invalid configurations, each with many kinds of mistakes the loader reports (all at once).</summary>
    public static TheoryData<string, string> InvalidConfigs() => new()
    {
        {
            "wrong values everywhere",
            """
            config:
              mcp: {sessionTtl: 5x}
              logging: {level: loud}
            binds:
            - port: 70000
              listeners:
              - name: null
                hostname: null
                protocol: HTTP
                routes:
                - name: api
                  name: again
                  matches: [{path: {pathPrefix: /api}, method: 7}]
                  policies:
                    retry: {attempts: two, backoff: soon, codes: [502, x, 503]}
                    authorization: {rules: [7, {allow: 'true'}, 'jwt.sub ==']}
                    requestHeaderModifier: {set: {x-a: [1]}, remove: x-b}
                    backendAuth: {key: null}
                  backends:
                  - mcp:
                      statefulMode: sometimes
                      targets:
                      - name: a_b
                        stdio: {cmd: echo, env: {K: v}, clearEnv: maybe}
                      prefixMod: always
            """
        },
        {
            "missing keys",
            """
            binds:
            - listeners:
              - routes:
                - backends:
                  - mcp: {targets: [{name: x}, {stdio: {cmd: echo}}]}
                  - {}
                  policies:
                    mcpAuthentication: {audiences: [a]}
                    localRateLimit: [{tokensPerFill: 1}]
            """
        },
        {
            "not a mapping", "- a\n- b\n"
        },
        {
            "YAML syntax", "binds: [\n  {port: 3000\n"
        },
        {
            "unset variable", "binds:\n- port: ${AGW_NATIVE_TEST_UNSET_VARIABLE}\n"
        },
    };

    [Theory]
    [MemberData(nameof(ExampleConfigTests.Examples), MemberType = typeof(ExampleConfigTests))]
    public async Task ValidateOnly_Example_NativeSaysValidAsTheJitBuild(string example)
    {
        var path = Path.Combine(RepoPaths.Examples, example);

        var (native, jit) = await ValidateWithBothAsync(path, TestContext.Current.CancellationToken);

        Assert.True(native.ExitCode == 0, $"native: {native}");
        Assert.Equal(jit, native);
    }

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public async Task ValidateOnly_InvalidConfig_NativeReportsTheSameErrors(string name, string yaml)
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_directory, name.Replace(' ', '-') + ".yaml");
        await File.WriteAllTextAsync(path, yaml, ct);

        var (native, jit) = await ValidateWithBothAsync(path, ct);

        Assert.True(jit.ExitCode == 1, $"jit: {jit}");
        Assert.Equal(jit, native);
    }

    [Fact]
    public async Task ValidateOnly_ManyMistakes_TheNativeBuildFindsThemAll()
    {
        // Equal output is only worth something if it is the loader's full account: check what the first case reports.
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_directory, "many.yaml");
        await File.WriteAllTextAsync(path, (string)InvalidConfigs().First().Data.Item2, ct);

        var native = await ValidateAsync(await GatewayExecutable.PathOfAsync(GatewayBuild.Native, ct), path, ct);

        Assert.Equal(1, native.ExitCode);
        foreach (var expected in new[]
        {
            "config.mcp.sessionTtl", "binds[0].port", "duplicate key 'name'",
            "policies.retry.attempts", "policies.retry.codes[1]", "policies.authorization.rules[2]", "policies.backendAuth: set exactly one",
            "policies.requestHeaderModifier.set.x-a", "statefulMode", "targets[0].name", "clearEnv", "did you mean 'prefixMode'",
        })
        {
            Assert.Contains(expected, native.Stderr, StringComparison.Ordinal);
        }
    }

    private async Task<(ProcessRun Native, ProcessRun Jit)> ValidateWithBothAsync(string path, CancellationToken cancellationToken)
    {
        var native = await ValidateAsync(await GatewayExecutable.PathOfAsync(GatewayBuild.Native, cancellationToken), path, cancellationToken);
        var jit = await ValidateAsync(RepoPaths.GatewayDll, path, cancellationToken);
        return (native, jit);
    }

    private static async Task<ProcessRun> ValidateAsync(string executable, string path, CancellationToken cancellationToken)
    {
        var info = GatewayExecutable.CreateStartInfo(executable, path);
        info.ArgumentList.Add("--validate-only");
        foreach (var (name, value) in s_exampleSecrets)
        {
            info.Environment[name] = value;
        }

        return await ProcessRun.RunAsync(info, TimeSpan.FromSeconds(60), cancellationToken);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

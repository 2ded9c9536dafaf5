using System.Diagnostics;
using System.Text.RegularExpressions;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// The official MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, 32 server scenarios, run by
/// <c>tests/conformance/run.sh</c>) against the gateway in front of the test server over streamable HTTP.
/// The test server passes all 32 directly; through the gateway (with <c>dnsRebindingProtection</c> on, which the
/// <c>dns-rebinding-protection</c> scenario checks) every scenario must pass.
/// </summary>
public sealed partial class ConformanceTests(HttpTestServerFixture server)
{
    [Fact]
    public async Task ConformanceSuite_ThroughGateway_PassesEveryScenario()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync($$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - backends:
                  - mcp:
                      dnsRebindingProtection: true
                      targets:
                      - name: conformance
                        mcp: {host: "{{server.McpUri}}"}
            """, ct);

        var script = Path.Combine(RepoPaths.Root, "tests", "conformance", "run.sh");
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(gateway.Url("/mcp").ToString());
        start.ArgumentList.Add("-");
        var run = await ProcessRun.RunAsync(start, TimeSpan.FromMinutes(3), ct);

        var output = run.Stdout + run.Stderr;
        var summary = SummaryLine().Match(output);
        Assert.True(summary.Success, $"no summary line in the suite's output:{Environment.NewLine}{output}");
        var passed = int.Parse(summary.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var failedScenarios = FailedScenario().Matches(output).Select(m => m.Groups["name"].Value).Distinct().ToList();

        TestContext.Current.SendDiagnosticMessage($"conformance through the gateway: {summary.Value}");
        Assert.True(failedScenarios.Count == 0, $"scenarios failed through the gateway: {string.Join(", ", failedScenarios)}{Environment.NewLine}{output}");
        Assert.True(passed >= 32, $"expected all 32 scenarios to pass, got {summary.Value}{Environment.NewLine}{output}");
    }

    [GeneratedRegex(@"conformance: (?<passed>\d+) passed, (?<failed>\d+) failed")]
    private static partial Regex SummaryLine();

    [GeneratedRegex(@"✗ (?<name>[a-z0-9-]+)")]
    private static partial Regex FailedScenario();
}

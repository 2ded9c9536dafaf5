using AgentGateway.Telemetry;
using AgentGateway.Tests.TestInfrastructure;

namespace AgentGateway.Tests.Telemetry;

public sealed class GatewayMetricsTests
{
    [Fact]
    public void RecordRequest_CountsAndTimesWithBoundedLabels()
    {
        using var collector = new MetricCollector();

        collector.Metrics.RecordRequest("3000/l/r", "POST", 200, "ok", TimeSpan.FromMilliseconds(250));

        var count = Assert.Single(collector.Of("agentgateway.requests"));
        Assert.Equal(1, count.Value);
        Assert.Equal("3000/l/r", count.Tags["route"]);
        Assert.Equal("POST", count.Tags["method"]);
        Assert.Equal("200", count.Tags["status"]);
        Assert.Equal("ok", count.Tags["reason"]);
        var duration = Assert.Single(collector.Of("agentgateway.request.duration"));
        Assert.Equal(0.25, duration.Value, precision: 6);
        Assert.Equal(count.Tags, duration.Tags);
    }

    [Theory]
    [InlineData("GET", "GET")]
    [InlineData("DELETE", "DELETE")]
    [InlineData("BREW", GatewayMetrics.OtherLabel)]
    [InlineData("get", GatewayMetrics.OtherLabel)]
    public void RecordRequest_MethodsOutsideTheStandardOnes_AreOther(string method, string label)
    {
        using var collector = new MetricCollector();

        collector.Metrics.RecordRequest("r", method, 404, "no_route", TimeSpan.Zero);

        Assert.Equal(label, Assert.Single(collector.Of("agentgateway.requests")).Tags["method"]);
    }

    [Theory]
    [InlineData(999)]
    [InlineData(-1)]
    public void RecordRequest_StatusOutOfRange_IsOther(int status)
    {
        using var collector = new MetricCollector();

        collector.Metrics.RecordRequest("r", "GET", status, "x", TimeSpan.Zero);

        Assert.Equal(GatewayMetrics.OtherLabel, Assert.Single(collector.Of("agentgateway.requests")).Tags["status"]);
    }

    [Fact]
    public void RecordRequest_SameStatusTwice_UsesTheSameLabelString()
    {
        using var collector = new MetricCollector();

        collector.Metrics.RecordRequest("r", "GET", 503, "x", TimeSpan.Zero);
        collector.Metrics.RecordRequest("r", "GET", 503, "x", TimeSpan.Zero);

        var both = collector.Of("agentgateway.requests");
        Assert.Same(both[0].Tags["status"], both[1].Tags["status"]);
    }

    [Theory]
    [InlineData("valid", "valid", "")]
    [InlineData("missing", "missing", "")]
    [InlineData("invalid:Expired", "invalid", "Expired")]
    public void RecordAuthentication_SplitsOutcomeAndReason(string outcome, string label, string reason)
    {
        using var collector = new MetricCollector();

        collector.Metrics.RecordAuthentication(outcome);

        var measurement = Assert.Single(collector.Of("agentgateway.authentication"));
        Assert.Equal(label, measurement.Tags["outcome"]);
        Assert.Equal(reason, measurement.Tags["reason"]);
    }

    [Fact]
    public void RecordAuthorizationDenied_HasRouteAndPolicy()
    {
        using var collector = new MetricCollector();

        collector.Metrics.RecordAuthorizationDenied("3000/l/r", "mcpAuthorization");

        var measurement = Assert.Single(collector.Of("agentgateway.authorization.denials"));
        Assert.Equal("3000/l/r", measurement.Tags["route"]);
        Assert.Equal("mcpAuthorization", measurement.Tags["policy"]);
    }

    [Fact]
    public void RecordMcpRequest_ToolOnlyWhenGiven()
    {
        using var collector = new MetricCollector();

        collector.Metrics.RecordMcpRequest("tools/call", "a", "echo");
        collector.Metrics.RecordMcpRequest("tools/list", "", null);

        var all = collector.Of("agentgateway.mcp.requests");
        Assert.Equal(("tools/call", "a", "echo"), (all[0].Tags["method"], all[0].Tags["target"], all[0].Tags["tool"]));
        Assert.Equal(("tools/list", "", ""), (all[1].Tags["method"], all[1].Tags["target"], all[1].Tags["tool"]));
    }

    [Fact]
    public void RecordMcpRequest_MoreToolNamesThanTheCap_AreCountedAsOther()
    {
        using var collector = new MetricCollector();

        for (var i = 0; i < GatewayMetrics.MaxToolsPerTarget + 10; i++)
        {
            collector.Metrics.RecordMcpRequest("tools/call", "a", "tool" + i);
        }

        collector.Metrics.RecordMcpRequest("tools/call", "b", "fresh");
        collector.Metrics.RecordMcpRequest("tools/call", "a", "tool0");

        var tools = collector.Of("agentgateway.mcp.requests").Select(m => (m.Tags["target"], m.Tags["tool"])).ToList();
        Assert.Equal(GatewayMetrics.MaxToolsPerTarget, tools.Where(t => t.Item1 == "a" && t.Item2 != GatewayMetrics.OtherLabel).Distinct().Count());
        Assert.Equal(10, tools.Count(t => t == ("a", GatewayMetrics.OtherLabel)));
        Assert.Contains(("b", "fresh"), tools); // the cap is per target
        Assert.Equal(("a", "tool0"), tools[^1]); // a name seen before keeps its label
    }

    [Fact]
    public void UpstreamCalls_AreTimedByTargetAndMethod()
    {
        using var collector = new MetricCollector();
        Assert.True(collector.Metrics.UpstreamCallsEnabled);

        collector.Metrics.RecordUpstreamCall("a", "tools/call", TimeSpan.FromSeconds(2));

        var measurement = Assert.Single(collector.Of("agentgateway.upstream.call.duration"));
        Assert.Equal(2, measurement.Value);
        Assert.Equal("a", measurement.Tags["target"]);
        Assert.Equal("tools/call", measurement.Tags["method"]);
    }

    [Fact]
    public void ActiveSessions_GoUpAndDownPerRoute()
    {
        using var collector = new MetricCollector();

        collector.Metrics.AddActiveSession("r1", 1);
        collector.Metrics.AddActiveSession("r1", -1);

        var values = collector.Of("agentgateway.mcp.sessions.active").Select(m => (m.Value, m.Tags["route"])).ToList();
        Assert.Equal([(1d, "r1"), (-1d, "r1")], values);
    }

    [Fact]
    public void StdioProcessesAndJwksFetches_AreCountedByTargetAndOutcome()
    {
        using var collector = new MetricCollector();

        collector.Metrics.StdioProcessStarted("a");
        collector.Metrics.StdioProcessFailed("b");
        collector.Metrics.StdioProcessExited("a");
        collector.Metrics.RecordJwksFetch(succeeded: true);
        collector.Metrics.RecordJwksFetch(succeeded: false);

        Assert.Equal("a", Assert.Single(collector.Of("agentgateway.mcp.stdio.processes.started")).Tags["target"]);
        Assert.Equal("b", Assert.Single(collector.Of("agentgateway.mcp.stdio.processes.failed")).Tags["target"]);
        Assert.Equal("a", Assert.Single(collector.Of("agentgateway.mcp.stdio.processes.exited")).Tags["target"]);
        Assert.Equal(["success", "failure"], collector.Of("agentgateway.jwks.fetches").Select(m => m.Tags["outcome"]));
    }

    [Fact]
    public void ConfigLoads_AreObservedWithTheSynchronizedGauge()
    {
        using var collector = new MetricCollector();

        collector.Metrics.RecordConfigLoad(GatewayMetrics.ConfigLoadSuccess);
        collector.Metrics.RecordConfigLoad("invalid");
        collector.Metrics.RecordConfigLoad("invalid");

        var loads = collector.Of("agentgateway.config.reloads").ToDictionary(m => m.Tags["outcome"]!, m => m.Value);
        Assert.Equal(1, loads["success"]);
        Assert.Equal(2, loads["invalid"]);
        Assert.Equal(0, Assert.Single(collector.Of("agentgateway.config.synchronized")).Value);

        collector.Metrics.RecordConfigLoad(GatewayMetrics.ConfigLoadSuccess);
        Assert.Equal(1, collector.Of("agentgateway.config.synchronized")[^1].Value);
    }

    [Fact]
    public void BuildInfo_CarriesTheVersion()
    {
        using var collector = new MetricCollector();

        var info = Assert.Single(collector.Of("agentgateway.build.info"));

        Assert.Equal(1, info.Value);
        Assert.Matches(@"^\d+\.\d+\.\d+", info.Tags["version"]);
    }
}

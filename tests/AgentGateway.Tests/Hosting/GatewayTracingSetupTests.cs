using System.Diagnostics;
using AgentGateway.Config.Model;
using AgentGateway.Hosting;
using OpenTelemetry.Trace;

namespace AgentGateway.Tests.Hosting;

/// <summary>How <c>config.tracing</c> becomes the exporter's URL and the sampler.</summary>
public sealed class GatewayTracingSetupTests
{
    [Theory]
    [InlineData("http://collector:4317", null, null, "http://collector:4317/")]
    [InlineData("http://collector:4318", "http", null, "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/", "http", null, "http://collector:4318/v1/traces")]
    [InlineData("https://collector:4318/custom/v1/traces", "http", null, "https://collector:4318/custom/v1/traces")]
    [InlineData("http://collector:4318", "http", "/otlp/traces", "http://collector:4318/otlp/traces")]
    [InlineData("http://collector:4318/ignored", "http", "/otlp/traces", "http://collector:4318/otlp/traces")]
    public void ExportEndpoint_ByProtocolAndPath(string endpoint, string? protocol, string? path, string expected)
    {
        var config = new TracingConfig
        {
            OtlpEndpoint = endpoint,
            OtlpProtocol = protocol is null ? null : Enum.Parse<OtlpProtocol>(protocol, ignoreCase: true),
            Path = path,
        };

        Assert.Equal(expected, GatewayTracingSetup.ExportEndpoint(config).ToString());
    }

    [Theory]
    // randomSampling decides for requests without a parent.
    [InlineData(0.0, 1.0, null, false)]
    [InlineData(1.0, 1.0, null, true)]
    // A sampled parent: clientSampling decides.
    [InlineData(0.0, 1.0, true, true)]
    [InlineData(1.0, 0.0, true, false)]
    // A parent that is not sampled: never, whatever randomSampling says.
    [InlineData(1.0, 1.0, false, false)]
    public void CreateSampler_ParentBased(double randomSampling, double clientSampling, bool? remoteParentSampled, bool expectSampled)
    {
        var sampler = GatewayTracingSetup.CreateSampler(randomSampling, clientSampling);
        var parent = remoteParentSampled is { } sampled
            ? new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, isRemote: true)
            : default;

        var result = sampler.ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), "POST", ActivityKind.Server));

        Assert.Equal(expectSampled ? SamplingDecision.RecordAndSample : SamplingDecision.Drop, result.Decision);
    }

    [Fact]
    public void CreateSampler_Ratio_SamplesAboutThatShareOfNewTraces()
    {
        var sampler = GatewayTracingSetup.CreateSampler(randomSampling: 0.25, clientSampling: 1);

        var sampled = Enumerable.Range(0, 4000).Count(_ =>
            sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "POST", ActivityKind.Server)).Decision == SamplingDecision.RecordAndSample);

        Assert.InRange(sampled, 800, 1200); // 1000 expected; the bounds are > 8 standard deviations away
    }
}

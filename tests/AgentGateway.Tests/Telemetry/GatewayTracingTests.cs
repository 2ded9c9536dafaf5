using System.Diagnostics;
using AgentGateway.Telemetry;

namespace AgentGateway.Tests.Telemetry;

/// <summary>
/// The gateway's span source: nothing at all when tracing is off, and when it is on, server spans parented by the
/// request's <c>traceparent</c> (or starting a new trace), never by an activity the gateway does not own.
/// </summary>
/// <remarks>The listener is attached to one <see cref="GatewayTracing"/> instance only, so tests elsewhere are not affected.</remarks>
public sealed class GatewayTracingTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SpanId = "00f067aa0ba902b7";

    [Fact]
    public void Disabled_HasNoSource_AndStartsNothing()
    {
        using var tracing = new GatewayTracing(enabled: false);

        Assert.False(tracing.Enabled);
        Assert.Null(tracing.Source);
        Assert.Null(tracing.StartServer("POST", $"00-{TraceId}-{SpanId}-01", null));
        Assert.Null(tracing.StartClient("tools/call"));
        Assert.Null(tracing.Current);
    }

    [Fact]
    public void Enabled_WithoutListener_StartActivityReturnsNull()
    {
        using var tracing = new GatewayTracing(enabled: true);

        Assert.False(tracing.Source!.HasListeners());
        Assert.Null(tracing.StartServer("POST", $"00-{TraceId}-{SpanId}-01", null));
        Assert.Null(tracing.StartClient("tools/call"));
    }

    [Fact]
    public void StartServer_WithTraceparent_IsRemoteChildOfIt_AndClientSpanIsItsChild()
    {
        using var tracing = new GatewayTracing(enabled: true);
        using var listener = Listen(tracing);

        using var server = tracing.StartServer("POST", $"00-{TraceId}-{SpanId}-01", "vendor=value");

        Assert.NotNull(server);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal(TraceId, server.TraceId.ToHexString());
        Assert.Equal(SpanId, server.ParentSpanId.ToHexString());
        Assert.True(server.HasRemoteParent);
        Assert.Equal("vendor=value", server.TraceStateString);
        Assert.Same(server, tracing.Current);

        using var client = tracing.StartClient("tools/call echo");
        Assert.NotNull(client);
        Assert.Equal(ActivityKind.Client, client.Kind);
        Assert.Equal(server.SpanId, client.ParentSpanId);
        Assert.Equal($"00-{TraceId}-{client.SpanId.ToHexString()}-01", client.Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-traceparent")]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")]
    public void StartServer_WithoutValidTraceparent_StartsNewTrace_EvenUnderAnotherActivity(string? traceParent)
    {
        using var tracing = new GatewayTracing(enabled: true);
        using var listener = Listen(tracing);
        using var framework = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn").Start(); // as ASP.NET Core's own

        using var server = tracing.StartServer("POST", traceParent, null);

        Assert.NotNull(server);
        Assert.Equal(default, server.ParentSpanId);
        Assert.NotEqual(framework.TraceId, server.TraceId);
        Assert.False(tracing.Owns(framework));
    }

    /// <summary>A listener that samples everything of <paramref name="tracing"/>'s source (and no other source).</summary>
    private static ActivityListener Listen(GatewayTracing tracing)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, tracing.Source),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}

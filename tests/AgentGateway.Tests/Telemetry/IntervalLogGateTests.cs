using AgentGateway.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace AgentGateway.Tests.Telemetry;

public sealed class IntervalLogGateTests
{
    [Fact]
    public void FirstOccurrencePasses_ThenOnePerInterval_WithTheCountSinceTheLastLine()
    {
        var time = new FakeTimeProvider();
        var gate = new IntervalLogGate(time, TimeSpan.FromSeconds(10));

        Assert.True(gate.Occurred(out var first));
        Assert.Equal(1, first);
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(3));
            Assert.False(gate.Occurred(out _));
        }

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(gate.Occurred(out var next));
        Assert.Equal(4, next); // the three held back, and this one
        Assert.False(gate.Occurred(out _));
    }

    [Fact]
    public async Task ConcurrentOccurrences_PassOncePerInterval_AndNoneIsLostFromTheCounts()
    {
        var time = new FakeTimeProvider();
        var gate = new IntervalLogGate(time, TimeSpan.FromSeconds(10));
        var passed = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => gate.Occurred(out var c) ? c : 0)));

        Assert.Single(passed, c => c > 0);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(gate.Occurred(out var rest));
        Assert.Equal(65, passed.Sum() + rest);
    }
}

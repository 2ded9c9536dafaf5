using AgentGateway.Telemetry;

namespace AgentGateway.Tests.Telemetry;

public sealed class RecentRequestsTests
{
    private static readonly DateTimeOffset s_time = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Newest_MoreRequestsThanCapacity_KeepsTheLastOnesNewestFirst()
    {
        var ring = new RecentRequests(capacity: 5);

        for (var i = 1; i <= 12; i++)
        {
            Add(ring, $"/r{i}");
        }

        Assert.Equal(12, ring.Total);
        Assert.Equal(["/r12", "/r11", "/r10", "/r9", "/r8"], ring.Newest().Select(r => r.Path));
        Assert.Equal([12L, 11L], ring.Newest(limit: 2).Select(r => r.Sequence));
    }

    [Fact]
    public void Add_KeepsTheAccessLogFields_AndCutsLongPathsAndSubjects()
    {
        var ring = new RecentRequests(capacity: 3);

        ring.Add(s_time, "1/l/r", "POST", "/mcp/" + new string('p', 1000), 403, "authorization", TimeSpan.FromMilliseconds(12.345),
            "tools/call", "everything", "echo", new string('s', 500), "abcd1234");

        var entry = Assert.Single(ring.Newest());
        Assert.Equal(new RecentRequest(1, s_time, "1/l/r", "POST", "/mcp/" + new string('p', RecentRequests.MaxPathLength - 5), 403, "authorization", 12.3,
            "tools/call", "everything", "echo", new string('s', 128), "abcd1234"), entry);
    }

    [Fact]
    public void Add_CapacityZero_RecordsNothing()
    {
        var ring = new RecentRequests(capacity: 0);

        Add(ring, "/x");

        Assert.False(ring.Enabled);
        Assert.Empty(ring.Newest());
        Assert.Equal(0, ring.Total);
    }

    [Fact]
    public async Task Add_FromManyThreads_LosesNoSequenceAndKeepsTheNewest()
    {
        var ring = new RecentRequests(capacity: 64);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                Add(ring, $"/t{t}/{i}");
            }
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(8000, ring.Total);
        var kept = ring.Newest();
        Assert.Equal(64, kept.Count);
        Assert.Equal(Enumerable.Range(8000 - 63, 64).Select(i => (long)i).Reverse(), kept.Select(r => r.Sequence));
    }

    private static void Add(RecentRequests ring, string path) =>
        ring.Add(s_time, "route", "GET", path, 200, "ok", TimeSpan.FromMilliseconds(1), null, null, null, null, null);
}

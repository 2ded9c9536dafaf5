using AgentGateway.Config.Model;
using AgentGateway.Mcp;
using AgentGateway.Mcp.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgentGateway.Tests.Mcp;

/// <summary><c>config.mcp.maxSessions</c>: the budget of sessions, the pool's part in it, and who makes room for a new session.</summary>
public sealed class McpSessionAdmissionTests
{
    private static readonly McpBackendModel s_backend = new("b", new McpBackendConfig
    {
        Targets = [new McpTargetConfig { Name = "t", Stdio = new StdioTargetConfig { Cmd = "x" } }],
    }, new McpEngineOptions { MaxSessions = 3 });

    /// <summary>A backend with room for 10 sessions, of which one authenticated caller may hold 2.</summary>
    private static readonly McpBackendModel s_quotaBackend = new("b", s_backend.Config, new McpEngineOptions { MaxSessions = 10, MaxSessionsPerCaller = 2 });

    private readonly FakeTimeProvider _time = new();
    private readonly McpSessionBudget _budget = new();
    private readonly McpSessionStore _store = new();
    private readonly McpStatelessSessionPool _pool = new();

    /// <summary>A slot of the budget for a shared (caller-less) session, or null when the budget is spent.</summary>
    private McpSessionSlot? Take(int limit) => _budget.TryTake(limit, caller: null, callerLimit: null, out var slot) == McpAdmissionOutcome.Admitted ? slot : null;

    private McpSessionAdmission Admission() => new(_budget, _store, _pool, _time, NullLogger<McpSessionAdmission>.Instance);

    /// <summary>A session holding a place, as the handler makes them; the clock then moves on a minute.</summary>
    private async Task<McpSession> StartAsync(
        string id, McpSessionAdmission admission, bool pooled = false, string key = "k", string? owner = null, McpBackendModel? backend = null)
    {
        backend ??= s_backend;
        var admitted = await admission.TryAdmitAsync(backend, owner);
        Assert.Equal(McpAdmissionOutcome.Admitted, admitted.Outcome);
        var session = new McpSession(id, backend, NullLogger.Instance, _time) { Slot = admitted.Slot, Owner = owner };
        if (pooled)
        {
            await _pool.ReturnAsync(key, session);
        }
        else
        {
            _store.Add(session);
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        return session;
    }

    [Fact]
    public void Budget_GivesUpToItsLimit_AndTakesEachSlotBackOnce()
    {
        var first = Take(2);
        var second = Take(2);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(Take(2));

        first!.Release();
        first.Release();
        Assert.Equal(1, _budget.Taken);
        Assert.NotNull(Take(2));
        Assert.Null(Take(2));
    }

    [Fact]
    public async Task Budget_UnderConcurrentTakers_NeverGivesMoreThanItsLimit()
    {
        var slots = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => Take(10))));

        Assert.Equal(10, slots.Count(s => s is not null));
        Assert.Equal(10, _budget.Taken);
    }

    [Fact]
    public async Task Session_GivesItsPlaceBackWhenItEnds_Once()
    {
        var admission = Admission();
        var session = await StartAsync("s1", admission);
        Assert.Equal(1, _budget.Taken);

        await session.DisposeAsync();
        await session.DisposeAsync();

        Assert.Equal(0, _budget.Taken);
    }

    [Fact]
    public async Task Admit_BelowTheLimit_EndsNothing()
    {
        var admission = Admission();
        var sessions = new[] { await StartAsync("s1", admission), await StartAsync("s2", admission), await StartAsync("s3", admission) };

        Assert.Equal(3, _budget.Taken);
        Assert.All(sessions, s => Assert.False(s.IsDisposed));
        Assert.Equal(3, _store.Count);
    }

    [Fact]
    public async Task Admit_AtTheLimit_EndsTheClientSessionIdleForLongest()
    {
        var admission = Admission();
        var s1 = await StartAsync("s1", admission);
        var s2 = await StartAsync("s2", admission);
        var s3 = await StartAsync("s3", admission);
        s1.BeginActivity().Dispose(); // s1 was used last: s2 is now the one idle for longest

        var s4 = await StartAsync("s4", admission);

        Assert.True(s2.IsDisposed);
        Assert.Null(_store.Find("s2", s_backend));
        Assert.All([s1, s3, s4], s => Assert.NotNull(_store.Find(s.Id, s_backend)));
        Assert.Equal(3, _budget.Taken);
    }

    [Fact]
    public async Task Admit_AtTheLimit_MakesRoomFromTheCallerHoldingTheMostSessions()
    {
        var admission = Admission();
        var bobsOnly = await StartAsync("b1", admission, owner: "bob"); // idle for longest, but bob holds one session
        var alice1 = await StartAsync("a1", admission, owner: "alice");
        var alice2 = await StartAsync("a2", admission, owner: "alice");

        await StartAsync("a3", admission, owner: "alice");

        Assert.True(alice1.IsDisposed);
        Assert.False(bobsOnly.IsDisposed);
        Assert.False(alice2.IsDisposed);
    }

    [Fact]
    public async Task Admit_AtTheLimit_TheHeaviestCallersSessionsAllBusy_AnotherIdleOneMakesRoom()
    {
        var admission = Admission();
        var bobsOnly = await StartAsync("b1", admission, owner: "bob");
        var alice1 = await StartAsync("a1", admission, owner: "alice");
        var alice2 = await StartAsync("a2", admission, owner: "alice");
        using var busy1 = alice1.BeginActivity();
        using var busy2 = alice2.BeginActivity();

        await StartAsync("c1", admission, owner: "carol");

        Assert.True(bobsOnly.IsDisposed);
        Assert.False(alice1.IsDisposed);
    }

    [Fact]
    public async Task Admit_AtTheLimit_EndsAWarmPooledSessionBeforeAnyClientSession()
    {
        var admission = Admission();
        var client1 = await StartAsync("c1", admission);
        var client2 = await StartAsync("c2", admission);
        var pooled = await StartAsync("p1", admission, pooled: true);

        await StartAsync("c3", admission);

        Assert.True(pooled.IsDisposed);
        Assert.Empty(_pool.Idle);
        Assert.Equal(0, _pool.KeyCount);
        Assert.False(client1.IsDisposed);
        Assert.False(client2.IsDisposed);
    }

    [Fact]
    public async Task Admit_WhenEverySessionIsBusy_RefusesAndEndsNothing()
    {
        var admission = Admission();
        var inRequest = await StartAsync("s1", admission);
        var streaming = await StartAsync("s2", admission);
        var alsoInRequest = await StartAsync("s3", admission);
        using var request = inRequest.BeginActivity();
        using var other = alsoInRequest.BeginActivity();
        Assert.True(streaming.Outbound.TryAttach());
        _time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(new McpAdmission(McpAdmissionOutcome.SessionLimitReached, null), await admission.TryAdmitAsync(s_backend));

        Assert.Equal(3, _store.Count);
        Assert.All([inRequest, streaming, alsoInRequest], s => Assert.False(s.IsDisposed));

        // The stream closes: that session may now make room.
        streaming.Outbound.Detach();
        Assert.NotNull((await admission.TryAdmitAsync(s_backend)).Slot);
        Assert.True(streaming.IsDisposed);
    }

    [Fact]
    public async Task Admit_ALowerLimitAfterAReload_EndsIdleSessionsUntilThereIsRoom()
    {
        var admission = Admission();
        var sessions = new[] { await StartAsync("s1", admission), await StartAsync("s2", admission), await StartAsync("s3", admission) };
        var reloaded = new McpBackendModel("b", s_backend.Config, new McpEngineOptions { MaxSessions = 2 });

        Assert.NotNull((await admission.TryAdmitAsync(reloaded)).Slot);

        Assert.True(sessions[0].IsDisposed);
        Assert.True(sessions[1].IsDisposed);
        Assert.False(sessions[2].IsDisposed);
        Assert.Equal(2, _budget.Taken);
    }

    [Fact]
    public void Budget_CountsEachCallersSlots_AndChecksTheCallersLimitFirst()
    {
        Assert.Equal(McpAdmissionOutcome.Admitted, _budget.TryTake(3, "alice", 2, out var a1));
        Assert.Equal(McpAdmissionOutcome.Admitted, _budget.TryTake(3, "alice", 2, out _));
        Assert.Equal(McpAdmissionOutcome.CallerLimitReached, _budget.TryTake(3, "alice", 2, out var refused));
        Assert.Null(refused);
        Assert.Equal(McpAdmissionOutcome.Admitted, _budget.TryTake(3, null, 2, out _)); // anonymous: no limit of its own
        Assert.Equal(McpAdmissionOutcome.SessionLimitReached, _budget.TryTake(3, "bob", 2, out _));
        Assert.Equal(McpAdmissionOutcome.CallerLimitReached, _budget.TryTake(3, "alice", 2, out _)); // both reached: the caller's is named
        Assert.Equal(0, _budget.TakenBy("bob"));

        a1!.Release();
        a1.Release();
        Assert.Equal(1, _budget.TakenBy("alice"));
        Assert.Equal(2, _budget.Taken);
        Assert.Equal(McpAdmissionOutcome.Admitted, _budget.TryTake(3, "bob", 2, out _));
    }

    [Fact]
    public async Task Budget_UnderConcurrentTakersOfOneCaller_NeverGivesItMoreThanItsLimit()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Task.Run(() => _budget.TryTake(100, i % 2 == 0 ? "alice" : "bob", 5, out _))));

        Assert.Equal(10, outcomes.Count(o => o == McpAdmissionOutcome.Admitted));
        Assert.Equal(5, _budget.TakenBy("alice"));
        Assert.Equal(5, _budget.TakenBy("bob"));
    }

    [Fact]
    public async Task Admit_ACallerAtItsLimit_EndsItsOwnSessionIdleForLongest_NotAnOlderOneOfAnother()
    {
        var admission = Admission();
        var bobs = await StartAsync("b1", admission, owner: "bob", backend: s_quotaBackend); // idle for longest of all
        var alice1 = await StartAsync("a1", admission, owner: "alice", backend: s_quotaBackend);
        var alice2 = await StartAsync("a2", admission, owner: "alice", backend: s_quotaBackend);
        alice1.BeginActivity().Dispose(); // alice1 was used last: alice2 is her one idle for longest

        var alice3 = await StartAsync("a3", admission, owner: "alice", backend: s_quotaBackend);

        Assert.True(alice2.IsDisposed);
        Assert.All([bobs, alice1, alice3], s => Assert.False(s.IsDisposed));
        Assert.Equal(2, _budget.TakenBy("alice"));
        Assert.Equal(3, _budget.Taken);
    }

    [Fact]
    public async Task Admit_ACallerAtItsLimit_WithAllItsSessionsBusy_IsRefused_WhileOthersStillStart()
    {
        var admission = Admission();
        var idleOfAnother = await StartAsync("b1", admission, owner: "bob", backend: s_quotaBackend);
        var alice1 = await StartAsync("a1", admission, owner: "alice", backend: s_quotaBackend);
        var alice2 = await StartAsync("a2", admission, owner: "alice", backend: s_quotaBackend);
        using var busy = alice1.BeginActivity();
        Assert.True(alice2.Outbound.TryAttach());

        Assert.Equal(new McpAdmission(McpAdmissionOutcome.CallerLimitReached, null), await admission.TryAdmitAsync(s_quotaBackend, "alice"));

        Assert.All([idleOfAnother, alice1, alice2], s => Assert.False(s.IsDisposed));
        await StartAsync("c1", admission, owner: "carol", backend: s_quotaBackend);
        await StartAsync("n1", admission, backend: s_quotaBackend);
        await StartAsync("n2", admission, backend: s_quotaBackend);
        await StartAsync("n3", admission, backend: s_quotaBackend); // anonymous callers have no limit of their own
        Assert.Equal(7, _budget.Taken);
    }

    [Fact]
    public async Task Admit_ACallerAtItsLimit_EndsItsOwnWarmPooledSessionFirst_NeverAnotherCallers()
    {
        var admission = Admission();
        var bobsPooled = await StartAsync("bp", admission, pooled: true, key: "bob-key", owner: "bob", backend: s_quotaBackend);
        var alicesClient = await StartAsync("a1", admission, owner: "alice", backend: s_quotaBackend);
        var alicesPooled = await StartAsync("ap", admission, pooled: true, key: "alice-key", owner: "alice", backend: s_quotaBackend);

        await StartAsync("a2", admission, owner: "alice", backend: s_quotaBackend);

        Assert.True(alicesPooled.IsDisposed);
        Assert.False(alicesClient.IsDisposed);
        Assert.False(bobsPooled.IsDisposed);
        Assert.Equal(1, _pool.KeyCount);
    }

    [Fact]
    public async Task Pool_EvictsFromTheKeyUsedLeastRecently_AndDropsKeysLeftEmpty()
    {
        var admission = Admission();
        var a1 = await StartAsync("a1", admission, pooled: true, key: "a");
        var b1 = await StartAsync("b1", admission, pooled: true, key: "b");
        var a2 = await StartAsync("a2", admission, pooled: true, key: "a");
        Assert.Equal(2, _pool.KeyCount);

        Assert.True(await _pool.TryEvictAsync());
        Assert.True(a1.IsDisposed);
        Assert.True(await _pool.TryEvictAsync());
        Assert.True(b1.IsDisposed);
        Assert.Equal(1, _pool.KeyCount);

        Assert.Same(a2, await _pool.RentAsync("a"));
        Assert.Equal(0, _pool.KeyCount);
        Assert.False(await _pool.TryEvictAsync());
    }

    [Fact]
    public async Task Pool_TrimEndsExpiredSessions_AndForgetsTheirKeys()
    {
        var options = new McpEngineOptions { MaxSessions = 100, SessionTtl = TimeSpan.FromMinutes(30) };
        var backend = new McpBackendModel("b", s_backend.Config, options);
        var sessions = new List<McpSession>();
        for (var i = 0; i < 50; i++)
        {
            // Keys as a client may make them up (its capabilities are part of the key).
            var session = new McpSession("s" + i, backend, NullLogger.Instance, _time) { Slot = Take(100) };
            sessions.Add(session);
            await _pool.ReturnAsync("key" + i, session);
        }

        Assert.Equal(50, _pool.KeyCount);
        _time.Advance(TimeSpan.FromMinutes(31));
        await _pool.TrimAsync();

        Assert.Equal(0, _pool.KeyCount);
        Assert.All(sessions, s => Assert.True(s.IsDisposed));
        Assert.Equal(0, _budget.Taken);
    }
}

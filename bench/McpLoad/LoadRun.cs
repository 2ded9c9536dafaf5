using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;

namespace McpLoad;

/// <summary>Settings of one measured run against one server.</summary>
internal sealed record LoadOptions
{
    public required Uri Url { get; init; }
    public string Name { get; init; } = "server";
    public int Sessions { get; init; } = 16;
    public double WarmupSeconds { get; init; } = 20;
    public double DurationSeconds { get; init; } = 10;
    public int? ServerPid { get; init; }
    public string? OutFile { get; init; }
    public string ProtocolVersion { get; init; } = "2025-06-18";
    public double ReadyTimeoutSeconds { get; init; } = 60;
    public int ClockTicksPerSecond { get; init; } = 100;
    public string Tool { get; init; } = "echo";
    public string Message { get; init; } = "hello";
    public string Expect { get; init; } = "Echo: hello";
    public int Order { get; init; }
    public int Round { get; init; } = 1;
    public string Note { get; init; } = "";
    public bool Timeline { get; init; }

    /// <summary>Bearer tokens; session i sends <c>BearerTokens[i % Length]</c> on every request. Null: no Authorization.</summary>
    public string[]? BearerTokens { get; init; }
}

/// <summary>
/// Opens the sessions, runs warm-up and the measured window, samples /proc for the server and its children, and
/// writes the result as JSON.
/// </summary>
internal static class LoadRun
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    private sealed class SessionStats
    {
        public long[] Latencies = new long[1024];
        public int Count;
        public long Errors;
        public long WarmupCalls;
        public long Completed;
        public string? FirstError;

        public void Add(long ticks)
        {
            if (Count == Latencies.Length)
            {
                Array.Resize(ref Latencies, Latencies.Length * 2);
            }

            Latencies[Count++] = ticks;
        }
    }

    private sealed record Snapshot(long Timestamp, TimeSpan LoadgenCpu, long ServerTicks, Dictionary<int, long> ChildTicks, (long Busy, long Total) Machine);

    public static async Task<int> RunAsync(LoadOptions o)
    {
        var log = Console.Error;
        await WaitReadyAsync(o, log);
        var rssIdleKb = o.ServerPid is { } idlePid ? ProcFs.ReadStatusKb(idlePid, "VmRSS") : null;
        string? authCheck = null;
        if (o.BearerTokens is { } tokens)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            authCheck = await McpSessionClient.CheckAuthenticationRequiredAsync(o.Url, tokens[0], cts.Token);
            log.WriteLine($"[{o.Name}] auth check: {authCheck}; {Math.Min(tokens.Length, o.Sessions)} distinct bearer token(s) for {o.Sessions} sessions");
        }

        var clients = new McpSessionClient[o.Sessions];
        for (var i = 0; i < clients.Length; i++)
        {
            clients[i] = new McpSessionClient(o.Url, i, o.Tool, o.Message, o.BearerTokens?[i % o.BearerTokens.Length]);
        }

        try
        {
            var openWatch = Stopwatch.StartNew();
            using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
            {
                await Task.WhenAll(clients.Select(c => c.InitializeAsync(o.ProtocolVersion, cts.Token)));
                await Task.WhenAll(clients.Select(c => c.VerifyAsync(o.Expect, cts.Token)));
            }

            var openSeconds = openWatch.Elapsed.TotalSeconds;
            var distinct = clients.Select(c => c.SessionId).Distinct().Count();
            log.WriteLine($"[{o.Name}] {o.Sessions} sessions open in {openWatch.Elapsed.TotalSeconds:0.0} s ({distinct} distinct ids, protocol {clients[0].ProtocolVersion}, server '{clients[0].ServerName}')");

            var children = o.ServerPid is { } spid ? ProcFs.Descendants(spid) : [];
            var childCommands = children.Select(c => ProcFs.ReadCmdline(c)).GroupBy(c => c).Select(g => $"{g.Count()} x {g.Key}").ToArray();
            var stats = clients.Select(_ => new SessionStats { Latencies = new long[Math.Max(1024, (int)(o.DurationSeconds * 4000))] }).ToArray();

            var start = Stopwatch.GetTimestamp();
            var warmEnd = start + (long)(o.WarmupSeconds * Stopwatch.Frequency);
            var measureEnd = warmEnd + (long)(o.DurationSeconds * Stopwatch.Frequency);
            log.WriteLine($"[{o.Name}] warm-up {o.WarmupSeconds:0.#} s, then measuring {o.DurationSeconds:0.#} s");

            var loops = new Task[clients.Length];
            for (var i = 0; i < clients.Length; i++)
            {
                var client = clients[i];
                var s = stats[i];
                loops[i] = Task.Run(() => LoopAsync(client, s, warmEnd, measureEnd));
            }

            // Monitor every 250 ms: RSS samples inside the window; with --timeline, server CPU per call every 2 s
            // from the start (to see whether the warm-up was long enough, e.g. for tiered JIT compilation).
            Snapshot? before = null;
            long rssSum = 0, rssMax = 0, rssSamples = 0;
            var mark = TakeSnapshot(o, children);
            long markCalls = 0;
            var nextMark = start + 2 * Stopwatch.Frequency;
            while (Stopwatch.GetTimestamp() < measureEnd)
            {
                var now = Stopwatch.GetTimestamp();
                if (before is null && now >= warmEnd)
                {
                    before = TakeSnapshot(o, children);
                }

                if (before is not null && o.ServerPid is { } pid && ProcFs.ReadStatusKb(pid, "VmRSS") is { } rss)
                {
                    rssSum += rss;
                    rssSamples++;
                    rssMax = Math.Max(rssMax, rss);
                }

                if (o.Timeline && now >= nextMark)
                {
                    var snap = TakeSnapshot(o, children);
                    var done = stats.Sum(st => Volatile.Read(ref st.Completed));
                    var n = Math.Max(1, done - markCalls);
                    var seconds = Stopwatch.GetElapsedTime(mark.Timestamp, snap.Timestamp).TotalSeconds;
                    var childDelta = snap.ChildTicks.Sum(kv => kv.Value - mark.ChildTicks.GetValueOrDefault(kv.Key, kv.Value));
                    log.WriteLine($"[{o.Name}]   t={Stopwatch.GetElapsedTime(start, now).TotalSeconds,5:0.0}s {(now < warmEnd ? "warm-up" : "window ")} {(done - markCalls) / seconds,7:0} calls/s  server {(snap.ServerTicks - mark.ServerTicks) * 1e6 / o.ClockTicksPerSecond / n,6:0} µs/call  backends {childDelta * 1e6 / o.ClockTicksPerSecond / n,6:0} µs/call  RSS {(o.ServerPid is { } tp ? ProcFs.ReadStatusKb(tp, "VmRSS") ?? 0 : 0) / 1024.0,5:0} MB");
                    mark = snap;
                    markCalls = done;
                    nextMark += 2 * Stopwatch.Frequency;
                }

                var untilWarmEnd = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), before is null ? warmEnd : measureEnd);
                var pause = untilWarmEnd < TimeSpan.FromMilliseconds(250) ? untilWarmEnd : TimeSpan.FromMilliseconds(250);
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause);
                }
                else if (before is null)
                {
                    await DelayUntil(warmEnd);
                }
            }

            before ??= TakeSnapshot(o, children);
            await DelayUntil(measureEnd);
            var after = TakeSnapshot(o, children);
            var rssEnd = o.ServerPid is { } p2 ? ProcFs.ReadStatusKb(p2, "VmRSS") : null;
            var hwm = o.ServerPid is { } p3 ? ProcFs.ReadStatusKb(p3, "VmHWM") : null;
            long childRssKb = 0;
            foreach (var c in children)
            {
                childRssKb += ProcFs.ReadStatusKb(c, "VmRSS") ?? 0;
            }

            var allLoops = Task.WhenAll(loops);
            if (await Task.WhenAny(allLoops, Task.Delay(TimeSpan.FromSeconds(35))) != allLoops)
            {
                log.WriteLine($"[{o.Name}] warning: some sessions were still waiting for an answer after the window");
            }

            await Task.WhenAll(clients.Select(c => c.DeleteAsync()));

            var result = BuildResult(o, stats, before, after, children, rssSum, rssSamples, rssMax, rssEnd, hwm, childRssKb, clients, childCommands, rssIdleKb, openSeconds, authCheck);
            var json = JsonSerializer.Serialize(result, s_indented);
            if (o.OutFile is not null)
            {
                await File.WriteAllTextAsync(o.OutFile, json);
            }

            var calls = result["calls"];
            log.WriteLine($"[{o.Name}] {result["callsPerSecond"]:0} calls/s, p50 {result["p50Ms"]} ms, p99 {result["p99Ms"]} ms, {result["errors"]} errors, server CPU {result["serverCpuUsPerCall"]} µs/call ({calls} calls)");
            return (long)result["errors"]! > 0 && (long)calls! == 0 ? 1 : 0;
        }
        finally
        {
            foreach (var c in clients)
            {
                c.Dispose();
            }
        }
    }

    private static async Task LoopAsync(McpSessionClient client, SessionStats s, long warmEnd, long measureEnd)
    {
        while (true)
        {
            var t0 = Stopwatch.GetTimestamp();
            if (t0 >= measureEnd)
            {
                return;
            }

            var (ok, _, error) = await client.CallAsync(CancellationToken.None);
            var t1 = Stopwatch.GetTimestamp();
            var inWindow = t1 >= warmEnd && t1 <= measureEnd;
            if (!ok)
            {
                if (inWindow)
                {
                    s.Errors++;
                }

                s.FirstError ??= error;
                await Task.Delay(10);
                continue;
            }

            s.Completed++;
            if (inWindow)
            {
                s.Add(t1 - t0);
            }
            else if (t1 < warmEnd)
            {
                s.WarmupCalls++;
            }
        }
    }

    private static Snapshot TakeSnapshot(LoadOptions o, List<int> children)
    {
        var machine = ProcFs.ReadMachineCpu();
        var loadgen = Process.GetCurrentProcess().TotalProcessorTime;
        long serverTicks = 0;
        if (o.ServerPid is { } pid)
        {
            ProcFs.TryReadStat(pid, out serverTicks, out _);
        }

        var childTicks = new Dictionary<int, long>();
        foreach (var c in children)
        {
            if (ProcFs.TryReadStat(c, out var t, out _))
            {
                childTicks[c] = t;
            }
        }

        return new Snapshot(Stopwatch.GetTimestamp(), loadgen, serverTicks, childTicks, machine);
    }

    private static Dictionary<string, object?> BuildResult(
        LoadOptions o, SessionStats[] stats, Snapshot before, Snapshot after, List<int> children,
        long rssSum, long rssSamples, long rssMax, long? rssEnd, long? hwm, long childRssKb, McpSessionClient[] clients, string[] childCommands, long? rssIdleKb, double openSeconds, string? authCheck)
    {
        var window = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
        var all = new long[stats.Sum(s => s.Count)];
        var at = 0;
        foreach (var s in stats)
        {
            Array.Copy(s.Latencies, 0, all, at, s.Count);
            at += s.Count;
        }

        Array.Sort(all);
        var calls = all.Length;
        var errors = stats.Sum(s => s.Errors);
        double Ms(double q) => calls == 0 ? double.NaN : Math.Round(all[Math.Min(calls - 1, (int)Math.Ceiling(q * calls) - 1)] * 1000.0 / Stopwatch.Frequency, 3);
        double PerCallUs(double seconds) => calls == 0 ? double.NaN : Math.Round(seconds * 1e6 / calls, 1);
        double TicksToSeconds(long ticks) => (double)ticks / o.ClockTicksPerSecond;

        var serverCpu = TicksToSeconds(after.ServerTicks - before.ServerTicks);
        long childTicks = 0;
        foreach (var (pid, t) in after.ChildTicks)
        {
            childTicks += t - before.ChildTicks.GetValueOrDefault(pid, 0);
        }

        var childCpu = TicksToSeconds(childTicks);
        var loadgenCpu = (after.LoadgenCpu - before.LoadgenCpu).TotalSeconds;
        var machineBusy = TicksToSeconds(after.Machine.Busy - before.Machine.Busy);
        var machineTotal = TicksToSeconds(after.Machine.Total - before.Machine.Total);
        var otherCpu = machineBusy - serverCpu - childCpu - loadgenCpu;

        return new Dictionary<string, object?>
        {
            ["name"] = o.Name,
            ["order"] = o.Order,
            ["round"] = o.Round,
            ["note"] = o.Note,
            ["url"] = o.Url.ToString(),
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
            ["sessions"] = o.Sessions,
            ["bearerTokens"] = o.BearerTokens is { } bearers ? Math.Min(bearers.Length, o.Sessions) : 0,
            ["authCheck"] = authCheck,
            ["distinctSessionIds"] = clients.Select(c => c.SessionId).Distinct().Count(),
            ["protocolVersion"] = clients[0].ProtocolVersion,
            ["serverInfoName"] = clients[0].ServerName,
            ["sessionsOpenSeconds"] = Math.Round(openSeconds, 2),
            ["warmupSeconds"] = o.WarmupSeconds,
            ["windowSeconds"] = Math.Round(window, 3),
            ["warmupCalls"] = stats.Sum(s => s.WarmupCalls),
            ["calls"] = (long)calls,
            ["errors"] = errors,
            ["firstError"] = stats.Select(s => s.FirstError).FirstOrDefault(e => e is not null),
            ["callsPerSecond"] = Math.Round(calls / window, 1),
            ["p50Ms"] = Ms(0.50),
            ["p90Ms"] = Ms(0.90),
            ["p99Ms"] = Ms(0.99),
            ["maxMs"] = Ms(1.0),
            ["serverPid"] = o.ServerPid,
            ["serverCommand"] = o.ServerPid is { } pid2 ? ProcFs.ReadCmdline(pid2) : null,
            ["serverCpuSeconds"] = Math.Round(serverCpu, 3),
            ["serverCpuUsPerCall"] = PerCallUs(serverCpu),
            ["serverRssIdleMB"] = rssIdleKb is { } idle ? Math.Round(idle / 1024.0, 1) : null,
            ["serverRssSteadyMB"] = rssSamples == 0 ? null : Math.Round(rssSum / (double)rssSamples / 1024, 1),
            ["serverRssMaxSampledMB"] = Math.Round(rssMax / 1024.0, 1),
            ["serverRssEndMB"] = rssEnd is { } r ? Math.Round(r / 1024.0, 1) : null,
            ["serverHwmMB"] = hwm is { } h ? Math.Round(h / 1024.0, 1) : null,
            ["backendProcesses"] = children.Count,
            ["backendCommands"] = childCommands,
            ["backendCpuSeconds"] = Math.Round(childCpu, 3),
            ["backendCpuUsPerCall"] = PerCallUs(childCpu),
            ["backendRssTotalMB"] = Math.Round(childRssKb / 1024.0, 1),
            ["loadgenCpuSeconds"] = Math.Round(loadgenCpu, 3),
            ["loadgenCpuUsPerCall"] = PerCallUs(loadgenCpu),
            ["machineCores"] = Environment.ProcessorCount,
            ["machineCpuBusySeconds"] = Math.Round(machineBusy, 2),
            ["machineCpuCapacitySeconds"] = Math.Round(machineTotal, 2),
            ["otherCpuSeconds"] = Math.Round(otherCpu, 2),
            ["loadAverage"] = ProcFs.LoadAverage(),
        };
    }

    private static async Task WaitReadyAsync(LoadOptions o, TextWriter log)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(o.ReadyTimeoutSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (o.ServerPid is { } pid && !File.Exists($"/proc/{pid}/stat"))
            {
                throw new InvalidOperationException($"the server process {pid} exited before it was ready");
            }

            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(o.Url.Host, o.Url.Port);
                return;
            }
            catch (SocketException)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new InvalidOperationException($"{o.Url} did not accept connections within {o.ReadyTimeoutSeconds} s");
                }

                await Task.Delay(100);
            }
        }
    }

    private static async Task DelayUntil(long timestamp)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }

        while (Stopwatch.GetTimestamp() < timestamp)
        {
            await Task.Yield();
        }
    }
}

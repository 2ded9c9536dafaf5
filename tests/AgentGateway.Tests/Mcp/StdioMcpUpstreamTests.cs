using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentGateway.Config.Model;
using AgentGateway.Mcp.Upstreams;
using AgentGateway.Tests.Security.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Tests.Mcp;

/// <summary>The stdio framing against real child processes (a shell loop stands in for an MCP server).</summary>
public sealed class StdioMcpUpstreamTests
{
    private static StdioMcpUpstream Start(string script, IReadOnlyDictionary<string, string>? env = null, bool clearEnv = false) =>
        StdioMcpUpstream.Start("t", new StdioTargetConfig { Cmd = "sh", Args = ["-c", script], Env = env ?? new Dictionary<string, string>(), ClearEnv = clearEnv }, NullLogger.Instance);

    private static async Task<JsonRpcMessage> NextAsync(StdioMcpUpstream upstream)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        return await upstream.Messages.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task Messages_OneJsonPerLine_BannersAndBlankLinesIgnored()
    {
        // The "server" prints a banner and a blank line, then echoes what it reads.
        await using var upstream = Start("echo 'Server starting...'; echo; cat");
        var big = new string('x', 1_000_000);

        await upstream.SendAsync(new JsonRpcRequest { Id = new RequestId(1), Method = "tools/call", Params = new JsonObject { ["name"] = "a\nb", ["big"] = big } }, TestContext.Current.CancellationToken);
        await upstream.SendAsync(new JsonRpcNotification { Method = "notifications/x" }, TestContext.Current.CancellationToken);

        var first = Assert.IsType<JsonRpcRequest>(await NextAsync(upstream));
        Assert.Equal("a\nb", first.Params!["name"]!.GetValue<string>());
        Assert.Equal(big.Length, first.Params!["big"]!.GetValue<string>().Length);
        Assert.Equal("notifications/x", Assert.IsType<JsonRpcNotification>(await NextAsync(upstream)).Method);
    }

    [Fact]
    public async Task Messages_LineInPartsAndAfterALongLine_EachWhole()
    {
        // A message written in three parts with pauses (each part its own read), then a 100 KB one (the read buffer grows),
        // then two on one write (the buffer shrank back): every one arrives whole, in order.
        var longText = new string('y', 100_000);
        await using var upstream = Start(
            "printf '{\"jsonrpc\":\"2.0\",\"me'; sleep 0.2; printf 'thod\":\"notifications/'; sleep 0.2; printf 'first\"}\\n'; " +
            $"printf '{{\"jsonrpc\":\"2.0\",\"method\":\"notifications/long\",\"params\":{{\"t\":\"{longText}\"}}}}\\n'; sleep 0.2; " +
            "printf '{\"jsonrpc\":\"2.0\",\"method\":\"notifications/a\"}\\n{\"jsonrpc\":\"2.0\",\"method\":\"notifications/b\"}\\n'; cat");

        Assert.Equal("notifications/first", Assert.IsType<JsonRpcNotification>(await NextAsync(upstream)).Method);
        var longOne = Assert.IsType<JsonRpcNotification>(await NextAsync(upstream));
        Assert.Equal(longText, longOne.Params!["t"]!.GetValue<string>());
        Assert.Equal("notifications/a", Assert.IsType<JsonRpcNotification>(await NextAsync(upstream)).Method);
        Assert.Equal("notifications/b", Assert.IsType<JsonRpcNotification>(await NextAsync(upstream)).Method);
    }

    [Fact]
    public async Task ProcessExit_CompletesMessages_AndSendFailsAsClosed()
    {
        await using var upstream = Start("exit 3");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));

        Assert.False(await upstream.Messages.WaitToReadAsync(timeout.Token));
        var error = await Assert.ThrowsAsync<McpUpstreamException>(async () =>
        {
            // The pipe may accept a first write before the kernel notices the reader is gone.
            for (var i = 0; i < 100; i++)
            {
                await upstream.SendAsync(new JsonRpcNotification { Method = "n" }, TestContext.Current.CancellationToken);
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }
        });
        Assert.Equal(McpUpstreamError.Closed, error.Error);
    }

    [Fact]
    public void MissingCommand_StartFailedNamingIt()
    {
        var error = Assert.Throws<McpUpstreamException>(() =>
            StdioMcpUpstream.Start("t", new StdioTargetConfig { Cmd = "/nonexistent/agentgateway-cmd" }, NullLogger.Instance));
        Assert.Equal(McpUpstreamError.StartFailed, error.Error);
        Assert.Contains("/nonexistent/agentgateway-cmd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClearEnv_OnlyConfiguredVariablesAndPath()
    {
        Environment.SetEnvironmentVariable("AGW_TEST_INHERITED", "leak");
        try
        {
            await using var upstream = Start(
                """printf '{"jsonrpc":"2.0","method":"env","params":{"a":"%s","inherited":"%s","path":"%s"}}\n' "$AGW_A" "$AGW_TEST_INHERITED" "$PATH"; cat""",
                new Dictionary<string, string> { ["AGW_A"] = "configured" }, clearEnv: true);

            var env = Assert.IsType<JsonRpcNotification>(await NextAsync(upstream));
            Assert.Equal("configured", env.Params!["a"]!.GetValue<string>());
            Assert.Equal("", env.Params!["inherited"]!.GetValue<string>());
            Assert.NotEqual("", env.Params!["path"]!.GetValue<string>());
        }
        finally
        {
            Environment.SetEnvironmentVariable("AGW_TEST_INHERITED", null);
        }
    }

    [Fact]
    public async Task Dispose_EndsTheWholeProcessTree()
    {
        // Unique sleep durations mark the process and its child in /proc.
        var n = Random.Shared.Next(10_000, 99_999);
        string child = $"3{n}.1", parent = $"3{n}.2";
        var upstream = Start($"sleep {child} & exec sleep {parent}");
        await WaitAsync(() => ProcessesRunning(child) && ProcessesRunning(parent));
        Assert.True(ProcessesRunning(child) && ProcessesRunning(parent), "the test processes did not start");

        await upstream.DisposeAsync();

        await WaitAsync(() => !ProcessesRunning(child) && !ProcessesRunning(parent));
        Assert.False(ProcessesRunning(parent), "the stdio process survived");
        Assert.False(ProcessesRunning(child), "its child process survived");
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition() && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static bool ProcessesRunning(string marker)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.StartsWith("sleep ", StringComparison.Ordinal) && cmdline.Contains(marker, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return false;
    }

    /// <summary>The stderr lines the upstream logged (event 2013), once <paramref name="last"/> is among them.</summary>
    private static async Task<List<string>> StderrLinesAsync(string script, string last)
    {
        var logger = new CapturingLogger();
        await using var upstream = StdioMcpUpstream.Start("t", new StdioTargetConfig { Cmd = "sh", Args = ["-c", script] }, logger);
        const string prefix = "Debug 2013 [t stderr] ";
        List<string> Lines() => [.. logger.Messages.Where(m => m.StartsWith(prefix, StringComparison.Ordinal)).Select(m => m[prefix.Length..])];
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Lines().Contains(last) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return Lines();
    }

    [Fact]
    public async Task Stderr_LoggedLineByLine_AnyLineBreak_EmptyLinesSkipped()
    {
        var lines = await StderrLinesAsync(@"printf 'one\r\ntwo\rthree\n\n\nfour\n' >&2; exec cat", "four");

        Assert.Equal(["one", "two", "three", "four"], lines);
    }

    [Fact]
    public async Task Stderr_ALineWithoutEnd_IsCut_AndTheNextLineStillLogged()
    {
        // 20 MB without a line break, its end, then a line.
        var lines = await StderrLinesAsync("head -c 20000000 /dev/zero | tr '\\0' x >&2; echo >&2; echo after >&2; exec cat", "after");

        Assert.Equal(2, lines.Count);
        Assert.Equal(new string('x', StdioMcpUpstream.MaxStderrLineChars) + " …(line cut at 8192 characters)", lines[0]);
        Assert.Equal("after", lines[1]);
    }

    [Fact]
    public async Task Stderr_AboveDebug_IsStillDrained_AndLoggedAgainOnceDebugIsOn()
    {
        var ct = TestContext.Current.CancellationToken;
        var logger = new CapturingLogger { MinimumLevel = LogLevel.Information };
        // 200 KB of stderr, three times a pipe's buffer: the process gets to its notification on stdout only if the
        // gateway reads stderr while not logging it.
        await using var upstream = StdioMcpUpstream.Start("t", new StdioTargetConfig
        {
            Cmd = "sh",
            Args = ["-c", "head -c 200000 /dev/zero | tr '\\0' x >&2; echo >&2; " +
                "echo '{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{}}'; read line; echo after >&2; exec cat"],
        }, logger);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        Assert.IsType<JsonRpcNotification>(await upstream.Messages.ReadAsync(timeout.Token));

        // The level goes up at run time (admin /logging): the next line is logged.
        logger.MinimumLevel = LogLevel.Debug;
        await upstream.SendAsync(new JsonRpcNotification { Method = "notifications/initialized" }, ct);
        while (!logger.Messages.Contains("Debug 2013 [t stderr] after") && !timeout.IsCancellationRequested)
        {
            await Task.Delay(20, ct);
        }

        Assert.Contains("Debug 2013 [t stderr] after", logger.Messages);
    }
}

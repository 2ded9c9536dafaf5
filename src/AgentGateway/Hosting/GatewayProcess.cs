namespace AgentGateway.Hosting;

/// <summary>Process-wide runtime settings of the gateway executable, applied before anything opens a socket.</summary>
internal static class GatewayProcess
{
    /// <summary>The .NET switch that runs socket completions on the socket engine's own threads.</summary>
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Raises the open-file limit (<see cref="OpenFileLimit"/>) and turns on inline socket completions unless the
    /// environment already decides (set it to <c>0</c> to turn them off).
    /// </summary>
    /// <remarks>
    /// Every client connection, upstream connection and stdio pipe of the gateway is a socket to .NET on Linux. With
    /// this switch, the code awaiting a read continues on the socket engine's thread (one per core) instead of being
    /// queued to the thread pool: a <c>tools/call</c> through a stdio target is served without any thread-pool hop
    /// (Kestrel's <c>UnsafePreferInlineScheduling</c> does the same for the request side). Nothing in the request
    /// path blocks; the one blocking call of a session's life, starting a child process, runs on the thread pool
    /// (<c>McpUpstreamFactory</c>). The runtime reads the variable once, when the socket engine starts, so this must run
    /// first thing in <c>Main</c>. Measured with bench/ (bench/README.md). The in-process end-to-end tests do not turn it
    /// on: test code blocks on processes and timers in places the gateway never does, and a blocked engine thread would
    /// stall every socket of the test process; the tests that start the executable (shutdown, CLI) run with it. For
    /// the same reason the processes the gateway starts do not inherit it when the gateway set it itself.
    /// </remarks>
    /// <returns>
    /// The variables this added to the process environment: the gateway's own, which the processes it starts do not
    /// inherit (<see cref="Mcp.Upstreams.StdioEnvironment"/>).
    /// </returns>
    public static IReadOnlyList<string> ConfigureRuntime()
    {
        OpenFileLimit.Raise();
        if (Environment.GetEnvironmentVariable(InlineSocketCompletions) is not null)
        {
            return [];
        }

        Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
        return [InlineSocketCompletions];
    }
}

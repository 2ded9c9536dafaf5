using Microsoft.AspNetCore.Builder;

namespace AgentGateway.TestMcpServer;

/// <summary>Entry point: <c>--stdio</c> or <c>--http [--port N]</c>; see <see cref="CommandLine.Usage"/>.</summary>
public static class Program
{
    /// <summary>Runs the server; returns 2 on bad arguments.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            await Console.Out.WriteLineAsync(CommandLine.Usage).ConfigureAwait(false);
            return 0;
        }

        var options = CommandLine.Parse(args, out var error);
        if (options is null)
        {
            await Console.Error.WriteLineAsync($"error: {error}\n{CommandLine.Usage}").ConfigureAwait(false);
            return 2;
        }

        if (options.Transport == TestServerTransport.Stdio)
        {
            await TestServerHost.RunStdioAsync(options).ConfigureAwait(false);
            return 0;
        }

        await using var app = await TestServerHost.StartHttpAsync(options).ConfigureAwait(false);
        var baseUri = TestServerHost.GetBaseUri(app).ToString().TrimEnd('/');
        await Console.Out.WriteLineAsync($"listening on {baseUri}").ConfigureAwait(false);
        await Console.Out.FlushAsync().ConfigureAwait(false);
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}

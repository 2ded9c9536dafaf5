namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>Where the repository, its examples, the npm-installed MCP servers and the built fixtures are.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The repository root (the directory holding <c>AgentGateway.slnx</c>).</summary>
    public static string Root => s_root.Value;

    /// <summary>The <c>examples/</c> folder.</summary>
    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>The test MCP server, copied next to the tests by the project reference.</summary>
    public static string TestServerDll => RequireFile(Path.Combine(AppContext.BaseDirectory, "AgentGateway.TestMcpServer.dll"), "build the test project");

    /// <summary>The gateway itself, copied next to the tests by the project reference.</summary>
    public static string GatewayDll => RequireFile(Path.Combine(AppContext.BaseDirectory, "agentgateway.dll"), "build the test project");

    /// <summary>The npm-installed <c>@modelcontextprotocol/server-everything</c> launcher.</summary>
    public static string ServerEverything => RequireFile(
        Path.Combine(Root, "node_modules", ".bin", "mcp-server-everything"),
        $"run npm ci at the repo root ({Root}) to install @modelcontextprotocol/server-everything from package-lock.json");

    /// <summary>The benchmark's default backend, a minimal MCP echo server over stdio (<c>bench/echo-server.mjs</c>).</summary>
    public static string BenchEchoServer => RequireFile(Path.Combine(Root, "bench", "echo-server.mjs"), "it is part of the repository");

    private static string RequireFile(string path, string hint) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"'{path}' does not exist: {hint}.");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentGateway.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"AgentGateway.slnx not found above '{AppContext.BaseDirectory}'.");
    }
}

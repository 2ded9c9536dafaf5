using System.Text.Json;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>
/// YAML (flow style, so it can be pasted anywhere without caring for indentation) for MCP targets and backends.
/// </summary>
internal static class Targets
{
    /// <summary>A stdio target run by node: <c>node SCRIPT ARGS…</c> (a test's own small MCP server, written to a temporary file).</summary>
    /// <param name="name">Target name.</param>
    /// <param name="script">Path of the script.</param>
    /// <param name="args">Arguments after the script (e.g. a file the script writes what it saw to).</param>
    public static string NodeScript(string name, string script, params string[] args) =>
        $"{{name: {name}, stdio: {{cmd: node, args: [{string.Join(", ", args.Prepend(script).Select(Q))}]}}}}";

    /// <summary>The test MCP server over stdio: <c>dotnet AgentGateway.TestMcpServer.dll --stdio --name NAME</c>.</summary>
    /// <param name="name">Target name, also the server's <c>serverInfo.name</c>.</param>
    /// <param name="instructions">Optional <c>initialize</c> instructions; also a marker to find the process by its command line.</param>
    /// <param name="env">Optional <c>env:</c> of the target, as <c>KEY: value</c> pairs.</param>
    public static string TestServer(string name, string? instructions = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var args = new List<string> { RepoPaths.TestServerDll, "--stdio", "--name", name };
        if (instructions is not null)
        {
            args.Add("--instructions");
            args.Add(instructions);
        }

        var envYaml = env is null ? "" : $", env: {{{string.Join(", ", env.Select(kv => $"{Q(kv.Key)}: {Q(kv.Value)}"))}}}";
        return $"{{name: {name}, stdio: {{cmd: dotnet, args: [{string.Join(", ", args.Select(Q))}]{envYaml}}}}}";
    }

    /// <summary><c>@modelcontextprotocol/server-everything</c> over stdio, by the absolute path of its npm launcher.</summary>
    /// <param name="name">Target name.</param>
    /// <param name="marker">Optional extra argument (ignored by the server) to find its processes by command line.</param>
    public static string Everything(string name = "everything", string? marker = null) =>
        marker is null
            ? $"{{name: {name}, stdio: {{cmd: {Q(RepoPaths.ServerEverything)}}}}}"
            : $"{{name: {name}, stdio: {{cmd: {Q(RepoPaths.ServerEverything)}, args: [stdio, {Q(marker)}]}}}}";

    /// <summary>The benchmark's echo server over stdio: <c>node bench/echo-server.mjs</c>.</summary>
    /// <param name="name">Target name.</param>
    public static string BenchEcho(string name = "echo") =>
        $"{{name: {name}, stdio: {{cmd: node, args: [{Q(RepoPaths.BenchEchoServer)}]}}}}";

    /// <summary>A stdio target whose command does not exist.</summary>
    public static string Missing(string name) =>
        $"{{name: {name}, stdio: {{cmd: {Q("/nonexistent/agentgateway-test-" + Guid.NewGuid().ToString("N"))}}}}}";

    /// <summary>A streamable HTTP target.</summary>
    public static string Http(string name, Uri endpoint) => $"{{name: {name}, mcp: {{host: {Q(endpoint.ToString())}}}}}";

    /// <summary>A legacy HTTP+SSE target.</summary>
    public static string Sse(string name, Uri endpoint) => $"{{name: {name}, sse: {{host: {Q(endpoint.ToString())}}}}}";

    /// <summary>
    /// A whole configuration: one bind on <c>{port}</c>, one listener, one route matching every path, one MCP backend
    /// with <paramref name="targets"/> and the extra backend keys in <paramref name="backendOptions"/> (e.g. <c>prefixMode: always</c>).
    /// </summary>
    public static string Config(string backendOptions, params string[] targets)
    {
        var extra = string.IsNullOrEmpty(backendOptions) ? "" : ", " + backendOptions;
        return $$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - backends:
                  - mcp: {targets: [{{string.Join(", ", targets)}}]{{extra}}}
            """;
    }

    /// <summary>A JSON string literal, which is also a valid YAML double-quoted scalar.</summary>
    public static string Q(string value) => JsonSerializer.Serialize(value);
}

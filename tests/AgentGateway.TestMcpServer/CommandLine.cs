using System.Globalization;
using Microsoft.Extensions.Logging;

namespace AgentGateway.TestMcpServer;

/// <summary>Parses the test server's command line.</summary>
public static class CommandLine
{
    /// <summary>Usage text printed for <c>--help</c> and on errors.</summary>
    public const string Usage = """
        usage: AgentGateway.TestMcpServer (--stdio | --http [--port N]) [options]
          --stdio                 MCP over stdin/stdout (logs go to stderr)
          --http                  streamable HTTP at /mcp and legacy SSE at /sse on 127.0.0.1
          --port N                HTTP port (0 = pick a free one; default 0)
          --name NAME             serverInfo.name (default "test-server")
          --instructions TEXT     initialize instructions
          --no-resumability       no SSE event store (no priming events, no Last-Event-ID replay)
          --allow-any-host        disable the localhost-only Host/Origin check
          --strict-protocol-version  reject in-session requests whose MCP-Protocol-Version differs from the
                                  negotiated one (SDK default; the conformance suite's raw requests trip it)
          --log-level LEVEL       Trace|Debug|Information|Warning|Error (default Warning, to stderr)
        """;

    /// <summary>Parses <paramref name="args"/>; returns null and sets <paramref name="error"/> when invalid.</summary>
    public static TestServerOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new TestServerOptions();
        TestServerTransport? transport = null;
        error = null;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--stdio":
                    transport = TestServerTransport.Stdio;
                    break;
                case "--http":
                    transport = TestServerTransport.Http;
                    break;
                case "--port":
                    if (!TryValue(args, ref i, out var portText, out error))
                    {
                        return null;
                    }

                    if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                    {
                        error = $"invalid port '{portText}'";
                        return null;
                    }

                    options = options with { Port = port };
                    break;
                case "--name":
                    if (!TryValue(args, ref i, out var name, out error))
                    {
                        return null;
                    }

                    options = options with { Name = name };
                    break;
                case "--instructions":
                    if (!TryValue(args, ref i, out var instructions, out error))
                    {
                        return null;
                    }

                    options = options with { Instructions = instructions };
                    break;
                case "--no-resumability":
                    options = options with { Resumable = false };
                    break;
                case "--allow-any-host":
                    options = options with { LocalhostOnly = false };
                    break;
                case "--strict-protocol-version":
                    options = options with { LenientSessionProtocolVersion = false };
                    break;
                case "--log-level":
                    if (!TryValue(args, ref i, out var levelText, out error))
                    {
                        return null;
                    }

                    if (!Enum.TryParse<LogLevel>(levelText, ignoreCase: true, out var level))
                    {
                        error = $"invalid log level '{levelText}'";
                        return null;
                    }

                    options = options with { LogLevel = level };
                    break;
                default:
                    error = $"unknown argument '{arg}'";
                    return null;
            }
        }

        if (transport is null)
        {
            error = "one of --stdio or --http is required";
            return null;
        }

        return options with { Transport = transport.Value };
    }

    private static bool TryValue(IReadOnlyList<string> args, ref int i, out string value, out string? error)
    {
        if (i + 1 >= args.Count)
        {
            value = "";
            error = $"{args[i]} needs a value";
            return false;
        }

        value = args[++i];
        error = null;
        return true;
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using McpLoad;

// mcpload — the load generator of bench/run.sh.
//   mcpload run --url http://127.0.0.1:PORT/mcp --name NAME [--sessions 16] [--warmup 20] [--duration 10]
//               [--server-pid PID] [--out FILE.result.json] [--protocol-version 2025-06-18] [--clk-tck 100]
//               [--ready-timeout 60] [--order N] [--round N] [--note TEXT] [--timeline 1] [--bearer-file FILE]
//               --bearer-file: bearer tokens, one a line; session i sends line i mod count on every request
//   mcpload report --dir DIR [--header TEXT]     table + ratios of DIR/*.result.json → DIR/summary.{md,json}
//   mcpload freeport                             prints a free TCP port on 127.0.0.1
const string Usage = "usage: mcpload run --url URL --name NAME [options] | mcpload report --dir DIR | mcpload freeport";

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"bad argument '{args[i]}'\n{Usage}");
        return 2;
    }

    options[args[i][2..]] = args[++i];
}

string? Opt(string key) => options.TryGetValue(key, out var v) ? v : null;
double Num(string key, double fallback) => Opt(key) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

try
{
    switch (args[0])
    {
        case "freeport":
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                Console.WriteLine(((IPEndPoint)listener.LocalEndpoint).Port);
                return 0;
            }

        case "report":
            return Report.Run(Opt("dir") ?? throw new ArgumentException("--dir is required"), Opt("header"));

        case "run":
            var load = new LoadOptions
            {
                Url = new Uri(Opt("url") ?? throw new ArgumentException("--url is required")),
                Name = Opt("name") ?? "server",
                Sessions = (int)Num("sessions", 16),
                WarmupSeconds = Num("warmup", 20),
                DurationSeconds = Num("duration", 10),
                ServerPid = Opt("server-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
                OutFile = Opt("out"),
                ProtocolVersion = Opt("protocol-version") ?? "2025-06-18",
                ReadyTimeoutSeconds = Num("ready-timeout", 60),
                ClockTicksPerSecond = (int)Num("clk-tck", 100),
                Order = (int)Num("order", 0),
                Round = (int)Num("round", 1),
                Note = Opt("note") ?? "",
                Timeline = Opt("timeline") is "1" or "true",
                BearerTokens = Opt("bearer-file") is { } bearerFile ? ReadTokens(bearerFile) : null,
            };
            return await LoadRun.RunAsync(load);

        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or IOException or HttpRequestException or SocketException)
{
    Console.Error.WriteLine($"mcpload: {ex.Message}");
    return 1;
}

// Bearer tokens, one a line (blank lines ignored).
static string[] ReadTokens(string file)
{
    var tokens = File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
    return tokens.Length > 0 ? tokens : throw new InvalidOperationException($"{file} holds no token");
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpLoad;

/// <summary>Turns the per-server result files of one run into a table, ratios and target checks (Markdown + JSON).</summary>
internal static class Report
{
    private const string Ours = "agentgateway";
    private const string OursAuth = "agentgateway-auth";
    private const string OursB = "agentgateway-b";

    // Targets of issue 2 (2-core machine).
    private const double TargetThroughputVsMcpProxy = 3.0;
    private const double TargetCpuUsPerCall = 60;
    private const double TargetRssMB = 100;

    // Target of issue 3: with authentication on (a bearer JWT on every request), throughput at least 0.9× auth-off.
    private const double TargetAuthOverNoAuthThroughput = 0.9;

    public static int Run(string dir, string? header)
    {
        var runs = Directory.EnumerateFiles(dir, "*.result.json")
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject())
            .ToList();
        if (runs.Count == 0)
        {
            Console.Error.WriteLine($"no *.result.json in {dir}");
            return 1;
        }

        // With several rounds, each server's row holds the median of every figure over its rounds (peaks: the maximum).
        var results = runs
            .GroupBy(r => (string)r["name"]!)
            .OrderBy(g => g.Min(r => (int)r["order"]!))
            .Select(g => Combine(g.OrderBy(r => ((int?)r["round"] ?? 1)).ToList()))
            .ToList();
        var rounds = results.Max(r => (int)r["rounds"]!);

        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine(inv, $"# MCP gateway benchmark — {results[0]["date"]}");
        md.AppendLine();
        if (header is not null)
        {
            md.AppendLine(header);
            md.AppendLine();
        }

        md.AppendLine(inv, $"`tools/call` of the stdio backend's `echo` tool (the backend is named above), {results[0]["sessions"]} concurrent sessions (one keep-alive connection each, one call in flight per session), protocol {results[0]["protocolVersion"]}, warm-up {results[0]["warmupSeconds"]} s, measured window {results[0]["windowSeconds"]} s, {results[0]["machineCores"]} cores{(rounds > 1 ? $", {rounds} rounds (servers interleaved, in reverse order every other round; each figure is the median over the rounds, calls/s range in brackets)" : "")}.");
        md.AppendLine();
        md.AppendLine("| server | calls/s | p50 ms | p99 ms | errors | server CPU µs/call | backend CPU µs/call (procs) | loadgen CPU µs/call | server RSS steady / peak (VmHWM) MB | other load on machine |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var range = (int)r["rounds"]! > 1 ? $" [{F(r, "callsPerSecondMin", "0")}–{F(r, "callsPerSecondMax", "0")}]" : "";
            md.AppendLine(inv, $"| {r["name"]} | {F(r, "callsPerSecond", "0")}{range} | {F(r, "p50Ms", "0.00")} | {F(r, "p99Ms", "0.00")} | {r["errors"]} | {F(r, "serverCpuUsPerCall", "0.0")} | {F(r, "backendCpuUsPerCall", "0.0")} ({r["backendProcesses"]}) | {F(r, "loadgenCpuUsPerCall", "0.0")} | {F(r, "serverRssSteadyMB", "0")} / {F(r, "serverHwmMB", "0")} | {F(r, "otherCores", "0.00")} cores |");
        }

        md.AppendLine();
        md.AppendLine("Per call, CPU is utime+stime from /proc/<pid>/stat over the measured window divided by the calls completed in it. *server* = the gateway process alone (dotnet or node); *backend* = all its descendants (the echo servers); *loadgen* = this load generator; *other* = the rest of the machine (other workers), in cores busy on average.");
        md.AppendLine();

        var summary = new JsonObject
        {
            ["date"] = results[0]["date"]?.DeepClone(),
            ["header"] = header,
            ["results"] = new JsonArray(results.Select(r => (JsonNode)r.DeepClone()).ToArray()),
            ["runs"] = new JsonArray(runs.OrderBy(r => ((int?)r["round"] ?? 1)).ThenBy(r => (int)r["order"]!).Select(r => (JsonNode)r.DeepClone()).ToArray()),
        };
        var ours = results.FirstOrDefault(r => (string?)r["name"] == Ours);
        if (ours is not null)
        {
            var ratios = new JsonObject();
            md.AppendLine("## Ratios (agentgateway vs baselines)");
            md.AppendLine();
            if (rounds > 1)
            {
                md.AppendLine("Each ratio is taken within a round (the servers of one round ran back to back, so under more similar machine load than across rounds), then the median over the rounds is shown with its range.");
                md.AppendLine();
            }

            // Baselines: the servers that are not a variant of the gateway (agentgateway-auth, agentgateway-b).
            var baselines = results.Where(r => !((string)r["name"]!).StartsWith(Ours, StringComparison.Ordinal)).ToList();
            md.AppendLine(baselines.Count == 0
                ? "No baseline in this run."
                : "| baseline | throughput (ours ÷ theirs) | server CPU per call (theirs ÷ ours) | server+backend CPU per call (theirs ÷ ours) | p50 latency (theirs ÷ ours) |\n| --- | ---: | ---: | ---: | ---: |");
            foreach (var b in baselines)
            {
                var name = (string)b["name"]!;
                var tput = Paired(runs, Ours, name, (o, t) => D(o, "callsPerSecond") / D(t, "callsPerSecond"));
                var cpu = Paired(runs, Ours, name, (o, t) => D(t, "serverCpuUsPerCall") / D(o, "serverCpuUsPerCall"));
                var total = Paired(runs, Ours, name, (o, t) => (D(t, "serverCpuUsPerCall") + D(t, "backendCpuUsPerCall")) / (D(o, "serverCpuUsPerCall") + D(o, "backendCpuUsPerCall")));
                var lat = Paired(runs, Ours, name, (o, t) => D(t, "p50Ms") / D(o, "p50Ms"));
                md.AppendLine(inv, $"| {name} | {Show(tput)} | {Show(cpu)} | {Show(total)} | {Show(lat)} |");
                ratios[name] = new JsonObject
                {
                    ["throughputOursOverTheirs"] = ToJson(tput),
                    ["serverCpuPerCallTheirsOverOurs"] = ToJson(cpu),
                    ["totalCpuPerCallTheirsOverOurs"] = ToJson(total),
                    ["p50TheirsOverOurs"] = ToJson(lat),
                };
            }

            md.AppendLine();
            var auth = results.FirstOrDefault(r => (string?)r["name"] == OursAuth);
            (double Median, double Min, double Max, int Count) authTput = default;
            if (auth is not null)
            {
                authTput = Paired(runs, OursAuth, Ours, (a, o) => D(a, "callsPerSecond") / D(o, "callsPerSecond"));
                var cpuDelta = Paired(runs, OursAuth, Ours, (a, o) => D(a, "serverCpuUsPerCall") - D(o, "serverCpuUsPerCall"));
                var p50Ratio = Paired(runs, OursAuth, Ours, (a, o) => D(a, "p50Ms") / D(o, "p50Ms"));
                md.AppendLine("## Authentication cost (agentgateway-auth vs agentgateway)");
                md.AppendLine();
                md.AppendLine(inv, $"{OursAuth} is the same gateway, route and backend with `mcpAuthentication` (strict, RS256, JWKS file) on the route; every request of every session carries `Authorization: Bearer` ({auth["bearerTokens"]} distinct token(s), one `sub` per session). Auth check before the load: {auth["authCheck"] ?? "–"}.{(rounds > 1 ? " Ratio and difference are paired within each round; CPU figures are the medians of the rows above." : "")}");
                md.AppendLine();
                md.AppendLine("| throughput (auth-on ÷ auth-off) | server CPU µs/call off / on | server CPU added per call (on − off) | server+backend CPU µs/call off / on | p50 latency (on ÷ off) |");
                md.AppendLine("| ---: | ---: | ---: | ---: | ---: |");
                md.AppendLine(inv, $"| {Show(authTput)} | {F(ours, "serverCpuUsPerCall", "0.0")} / {F(auth, "serverCpuUsPerCall", "0.0")} | {ShowUs(cpuDelta)} | {D(ours, "serverCpuUsPerCall") + D(ours, "backendCpuUsPerCall"):0.0} / {D(auth, "serverCpuUsPerCall") + D(auth, "backendCpuUsPerCall"):0.0} | {Show(p50Ratio)} |");
                md.AppendLine();
                ratios[OursAuth] = new JsonObject
                {
                    ["throughputAuthOnOverAuthOff"] = ToJson(authTput),
                    ["serverCpuUsPerCallAuthOff"] = Round(D(ours, "serverCpuUsPerCall")),
                    ["serverCpuUsPerCallAuthOn"] = Round(D(auth, "serverCpuUsPerCall")),
                    ["serverCpuUsPerCallAddedByAuth"] = ToJson(cpuDelta),
                    ["p50AuthOnOverAuthOff"] = ToJson(p50Ratio),
                };
            }

            var variant = results.FirstOrDefault(r => (string?)r["name"] == OursB);
            if (variant is not null)
            {
                var cpuRatio = Paired(runs, OursB, Ours, (x, o) => D(x, "serverCpuUsPerCall") / D(o, "serverCpuUsPerCall"));
                var tputRatio = Paired(runs, OursB, Ours, (x, o) => D(x, "callsPerSecond") / D(o, "callsPerSecond"));
                var wins = runs.GroupBy(r => (int?)r["round"] ?? 1)
                    .Select(g => (A: g.FirstOrDefault(r => (string?)r["name"] == Ours), B: g.FirstOrDefault(r => (string?)r["name"] == OursB)))
                    .Count(p => p.A is not null && p.B is not null && D(p.B, "serverCpuUsPerCall") < D(p.A, "serverCpuUsPerCall"));
                md.AppendLine("## A/B experiment (agentgateway-b vs agentgateway)");
                md.AppendLine();
                md.AppendLine(inv, $"{OursB}: {variant["note"]}. Paired within each round.");
                md.AppendLine();
                md.AppendLine("| server CPU per call (B ÷ A) | rounds where B used less CPU per call | throughput (B ÷ A) | server CPU µs/call A / B |");
                md.AppendLine("| ---: | ---: | ---: | ---: |");
                md.AppendLine(inv, $"| {Show(cpuRatio)} | {wins} of {cpuRatio.Count} | {Show(tputRatio)} | {F(ours, "serverCpuUsPerCall", "0.0")} / {F(variant, "serverCpuUsPerCall", "0.0")} |");
                md.AppendLine();
                ratios[OursB] = new JsonObject
                {
                    ["serverCpuPerCallBOverA"] = ToJson(cpuRatio),
                    ["throughputBOverA"] = ToJson(tputRatio),
                };
            }

            md.AppendLine("## Targets (issues 2 and 3, 2-core machine)");
            md.AppendLine();
            var targets = new JsonArray();
            var proxy = results.FirstOrDefault(r => (string?)r["name"] == "mcp-proxy");
            if (proxy is not null)
            {
                var t = Paired(runs, Ours, "mcp-proxy", (o, p) => D(o, "callsPerSecond") / D(p, "callsPerSecond"));
                AddTarget(md, targets, $"throughput ≥ {TargetThroughputVsMcpProxy}× mcp-proxy", Show(t), t.Median >= TargetThroughputVsMcpProxy);
            }

            var c = D(ours, "serverCpuUsPerCall");
            AddTarget(md, targets, $"gateway CPU per call ≤ {TargetCpuUsPerCall} µs", $"{c:0.0} µs", c <= TargetCpuUsPerCall);
            var peak = Math.Max(D(ours, "serverHwmMB"), D(ours, "serverRssMaxSampledMB"));
            AddTarget(md, targets, $"gateway RSS ≤ {TargetRssMB} MB (peak VmHWM)", $"{peak:0.0} MB (steady {F(ours, "serverRssSteadyMB", "0.0")} MB)", peak <= TargetRssMB);
            if (auth is not null)
            {
                AddTarget(md, targets, $"auth-on throughput ≥ {TargetAuthOverNoAuthThroughput}× auth-off (issue 3)",
                    $"{Show(authTput)} (server CPU {F(ours, "serverCpuUsPerCall", "0.0")} → {F(auth, "serverCpuUsPerCall", "0.0")} µs/call)",
                    authTput.Count > 0 && authTput.Median >= TargetAuthOverNoAuthThroughput);
            }

            var errors = results.Sum(r => (long)r["errors"]!);
            md.AppendLine();
            if (errors > 0)
            {
                md.AppendLine(inv, $"**{errors} failed calls** in the measured windows; see firstError in the result files.");
                md.AppendLine();
            }

            summary["ratios"] = ratios;
            summary["targets"] = targets;
        }

        md.AppendLine("## Process models seen");
        md.AppendLine();
        foreach (var r in results)
        {
            md.AppendLine(inv, $"- **{r["name"]}** ({r["distinctSessionIds"]} distinct session ids): `{r["serverCommand"]}` with {r["backendProcesses"]} backend process(es){(string.IsNullOrEmpty((string?)r["note"]) ? "" : $" — {r["note"]}")}");
            foreach (var cmd in r["backendCommands"]!.AsArray())
            {
                md.AppendLine(inv, $"  - `{cmd}`");
            }
        }

        md.AppendLine();
        md.AppendLine(inv, $"Load average (/proc/loadavg) at the end of each window: {string.Join("; ", runs.OrderBy(r => ((int?)r["round"] ?? 1)).ThenBy(r => (int)r["order"]!).Select(r => $"{r["name"]}{(rounds > 1 ? $" r{r["round"]}" : "")} {r["loadAverage"]}"))}.");

        var text = md.ToString();
        File.WriteAllText(Path.Combine(dir, "summary.md"), text);
        File.WriteAllText(Path.Combine(dir, "summary.json"), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine(text);
        return 0;
    }

    private static readonly string[] s_medianKeys =
    [
        "windowSeconds", "callsPerSecond", "p50Ms", "p90Ms", "p99Ms", "serverCpuUsPerCall", "backendCpuUsPerCall",
        "loadgenCpuUsPerCall", "serverRssSteadyMB", "backendRssTotalMB", "otherCores",
    ];

    private static readonly string[] s_maxKeys = ["maxMs", "serverHwmMB", "serverRssMaxSampledMB"];

    /// <summary>One row for a server: its single run, or the medians (and maxima) over its rounds.</summary>
    private static JsonObject Combine(List<JsonObject> runs)
    {
        foreach (var r in runs)
        {
            var window = D(r, "windowSeconds");
            r["otherCores"] = window > 0 ? Math.Round(D(r, "otherCpuSeconds") / window, 2) : null;
        }

        var row = (JsonObject)runs[0].DeepClone();
        row.Remove("round");
        row["rounds"] = runs.Count;
        row["calls"] = runs.Sum(r => (long)r["calls"]!);
        row["errors"] = runs.Sum(r => (long)r["errors"]!);
        row["callsPerSecondMin"] = runs.Min(r => D(r, "callsPerSecond"));
        row["callsPerSecondMax"] = runs.Max(r => D(r, "callsPerSecond"));
        foreach (var key in s_medianKeys)
        {
            var values = runs.Select(r => D(r, key)).Where(double.IsFinite).Order().ToList();
            row[key] = values.Count == 0 ? null
                : values.Count % 2 == 1 ? values[values.Count / 2]
                : Math.Round((values[values.Count / 2 - 1] + values[values.Count / 2]) / 2, 3);
        }

        foreach (var key in s_maxKeys)
        {
            var values = runs.Select(r => D(r, key)).Where(double.IsFinite).ToList();
            row[key] = values.Count == 0 ? null : values.Max();
        }

        return row;
    }

    /// <summary>
    /// A figure comparing <paramref name="subject"/> with <paramref name="baseline"/> (e.g. a ratio), taken per round
    /// from the two runs of that round; median, min and max over the rounds.
    /// </summary>
    private static (double Median, double Min, double Max, int Count) Paired(List<JsonObject> runs, string subject, string baseline, Func<JsonObject, JsonObject, double> ratio)
    {
        var values = new List<double>();
        foreach (var round in runs.GroupBy(r => (int?)r["round"] ?? 1))
        {
            var o = round.FirstOrDefault(r => (string?)r["name"] == subject);
            var t = round.FirstOrDefault(r => (string?)r["name"] == baseline);
            if (o is not null && t is not null && ratio(o, t) is var v && double.IsFinite(v))
            {
                values.Add(v);
            }
        }

        values.Sort();
        if (values.Count == 0)
        {
            return (double.NaN, double.NaN, double.NaN, 0);
        }

        var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
        return (median, values[0], values[^1], values.Count);
    }

    private static string Show((double Median, double Min, double Max, int Count) r) =>
        r.Count == 0 ? "–"
        : r.Count == 1 ? r.Median.ToString("0.00", CultureInfo.InvariantCulture) + "×"
        : string.Create(CultureInfo.InvariantCulture, $"{r.Median:0.00}× [{r.Min:0.00}–{r.Max:0.00}]");

    private static string ShowUs((double Median, double Min, double Max, int Count) r) =>
        r.Count == 0 ? "–"
        : r.Count == 1 ? string.Create(CultureInfo.InvariantCulture, $"{r.Median:+0.0;-0.0} µs")
        : string.Create(CultureInfo.InvariantCulture, $"{r.Median:+0.0;-0.0} µs [{r.Min:+0.0;-0.0}–{r.Max:+0.0;-0.0}]");

    private static JsonObject ToJson((double Median, double Min, double Max, int Count) r) => new()
    {
        ["median"] = Round(r.Median),
        ["min"] = Round(r.Min),
        ["max"] = Round(r.Max),
        ["rounds"] = r.Count,
    };

    private static void AddTarget(StringBuilder md, JsonArray targets, string what, string measured, bool pass)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"- {what}: {measured} — **{(pass ? "PASS" : "FAIL")}**");
        targets.Add(new JsonObject { ["target"] = what, ["measured"] = measured, ["pass"] = pass });
    }

    private static double D(JsonObject r, string key) => r[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN;

    private static string F(JsonObject r, string key, string format) => D(r, key) is var d && double.IsNaN(d) ? "–" : d.ToString(format, CultureInfo.InvariantCulture);

    private static double? Round(double v) => double.IsFinite(v) ? Math.Round(v, 3) : null;
}

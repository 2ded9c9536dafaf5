using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AgentGateway.Cel;

// Precompiled evaluation over realistic Auth0 claims read in place from a JsonElement, single thread.
// Prints rule evaluations per second and managed bytes allocated per call. "Per core" divides by the process CPU
// time, which stays meaningful on a shared, busy machine; wall-clock rates are printed too.
const string Auth0Payload = """
    {
      "iss": "https://dev-example.us.auth0.com/",
      "sub": "auth0|6512d3f1a2b3c4d5e6f70812",
      "aud": ["https://mcp.example.com", "https://dev-example.us.auth0.com/userinfo"],
      "iat": 1735689600,
      "exp": 1735776000,
      "scope": "openid profile email read:tools",
      "azp": "Xk3pQ9rT7vW2yZ5aB8cD1eF4gH6jK0mN",
      "permissions": ["read:prompts", "call:echo", "read:resources", "read:tools"],
      "https://example.com/roles": ["admin", "dev"],
      "https://example.com/org": { "id": "org_123", "tier": "gold" },
      "email_verified": true
    }
    """;

using var document = JsonDocument.Parse(Auth0Payload);
var activation = new BenchActivation(document.RootElement);
var env = new CelEnvironment(["jwt", "auth", "mcp"]);

var seedAllow = env.Compile("\"read:tools\" in auth.claims.permissions");
var seedDeny = env.Compile("\"delete:tools\" in auth.claims.permissions");
CelProgram[] ruleSet =
[
    env.Compile("jwt.sub.startsWith('auth0|')"),
    env.Compile("'read:tools' in jwt.permissions"),
    env.Compile("jwt['https://example.com/org'].tier == 'gold'"),
    env.Compile("mcp.tool.name == 'echo' && mcp.tool.target == 'everything'"),
    env.Compile("jwt.exp > 1700000000 && has(jwt.email_verified) && jwt.email_verified"),
];

double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 2.0;
Console.WriteLine($"CEL benchmark: {Environment.ProcessorCount} logical cores, single-threaded, {seconds:0.#} s per case, {RuntimeInfoText()}");
Run("seed rule, true path  ", 1, () => seedAllow.EvaluateBool(activation));
Run("seed rule, false path ", 1, () => !seedDeny.EvaluateBool(activation));
Run("five-rule set (per set)", ruleSet.Length, () =>
{
    bool all = true;
    foreach (var rule in ruleSet)
    {
        all &= rule.EvaluateBool(activation);
    }

    return all;
});

void Run(string name, int rulesPerCall, Func<bool> evaluate)
{
    for (int i = 0; i < 200_000; i++)
    {
        if (!evaluate())
        {
            throw new InvalidOperationException($"{name}: unexpected result");
        }
    }

    long calls = 0;
    long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var stopwatch = Stopwatch.StartNew();
    while (stopwatch.Elapsed.TotalSeconds < seconds)
    {
        for (int i = 0; i < 10_000; i++)
        {
            evaluate();
        }

        calls += 10_000;
    }

    stopwatch.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
    double wallRate = calls * rulesPerCall / stopwatch.Elapsed.TotalSeconds;
    double cpuRate = calls * rulesPerCall / cpu.TotalSeconds;
    Console.WriteLine(
        $"{name}: {cpuRate / 1e6,6:0.00} M rule evals/s per core (CPU time), {wallRate / 1e6,6:0.00} M/s wall clock, " +
        $"{cpu.TotalNanoseconds / calls,7:0.0} ns CPU/call, {(double)allocated / calls:0.00} B allocated/call");
}

static string RuntimeInfoText() =>
    $".NET {Environment.Version}, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}";

/// <summary>How the gateway exposes its request context: a switch on the variable name, no dictionary.</summary>
internal sealed class BenchActivation(JsonElement claims) : ICelActivation
{
    private readonly CelValue _jwt = CelValue.FromJson(claims);
    private readonly CelValue _auth = CelValue.FromObject(new Fields("agentgateway.Auth", ("claims", CelValue.FromJson(claims))));
    private readonly CelValue _mcp = CelValue.FromObject(new Fields(
        "agentgateway.Mcp",
        ("tool", CelValue.FromObject(new Fields("agentgateway.McpTool", ("name", CelValue.FromString("echo")), ("target", CelValue.FromString("everything")))))));

    public bool TryResolve(string name, out CelValue value)
    {
        switch (name)
        {
            case "jwt":
                value = _jwt;
                return true;
            case "auth":
                value = _auth;
                return true;
            case "mcp":
                value = _mcp;
                return true;
            default:
                value = default;
                return false;
        }
    }
}

/// <summary>A host object with a few fixed fields.</summary>
internal sealed class Fields(string typeName, params (string Name, CelValue Value)[] fields) : ICelObject
{
    public string TypeName => typeName;

    public bool TryGetField(string name, out CelValue value)
    {
        foreach (var (fieldName, fieldValue) in fields)
        {
            if (fieldName == name)
            {
                value = fieldValue;
                return true;
            }
        }

        value = default;
        return false;
    }
}

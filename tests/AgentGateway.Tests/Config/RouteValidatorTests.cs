using static AgentGateway.Tests.Config.ConfigTestLoader;

namespace AgentGateway.Tests.Config;

public sealed class RouteValidatorTests
{
    private const string Route = "binds[0].listeners[0].routes[0]";
    private const string Mcp = "mcp: {targets: [{name: a, stdio: {cmd: npx}}]}";

    public static TheoryData<string, int, string, string> Errors => new()
    {
        // Backends.
        { RouteYaml("name: r"), 5, $"{Route}.backends", "a route needs a backend" },
        { RouteYaml("backends: []"), 5, $"{Route}.backends", "a route needs a backend" },
        { RouteYaml($"backends:\n- {Mcp}\n- {Mcp}"), 7, $"{Route}.backends[1]", "a route can have only one MCP backend" },
        { RouteYaml($"backends:\n- {Mcp}\n- host: 127.0.0.1:8080"), 6, $"{Route}.backends", "this route mixes MCP backends ('mcp') and HTTP backends ('host')" },
        { RouteYaml("backends:\n- host: http://127.0.0.1:8080"), 6, $"{Route}.backends[0].host", "'http://127.0.0.1:8080' has a scheme; write the backend as host:port" },
        { RouteYaml("backends:\n- host: 127.0.0.1"), 6, $"{Route}.backends[0].host", "'127.0.0.1' is not host:port" },
        { RouteYaml("backends:\n- host: 127.0.0.1:70000"), 6, $"{Route}.backends[0].host", "port 70000 is out of range" },
        { RouteYaml("backends:\n- host: a.internal:80\n  weight: 0"), 6, $"{Route}.backends", "every HTTP backend of the route has weight 0" },
        { RouteYaml("backends:\n- host: 127.0.0.1:8080\n  weight: -2"), 7, $"{Route}.backends[0].weight", "weight -2 is negative" },
        { RouteYaml("backends:\n- host: 127.0.0.1:8080\n  policies: {mcpAuthorization: {rules: ['true']}}"), 7, $"{Route}.backends[0].policies.mcpAuthorization", "is not a policy of an HTTP backend" },
        { RouteYaml("backends:\n- host: 127.0.0.1:8080\npolicies: {directResponse: {status: 200}}"), 6, $"{Route}.backends", "the route answers with 'directResponse', so its backends would never be used" },
        { RouteYaml($"backends:\n- host: 127.0.0.1:8080\n  {Mcp}"), 6, $"{Route}.backends[0]", "a backend must be of one kind; set either 'mcp' or 'host', not both" },
        { RouteYaml("backends:\n- weight: 1"), 6, $"{Route}.backends[0]", "the backend has no kind; add 'mcp:' with its targets, or 'host: <host>:<port>'" },
        { RouteYaml($"backends:\n- {Mcp}\n  weight: -1"), 7, $"{Route}.backends[0].weight", "weight -1 is negative" },
        { RouteYaml($"backends:\n- {Mcp}\n  policies: {{remoteRateLimit: {{}}}}"), 7, $"{Route}.backends[0].policies.remoteRateLimit", "policy 'remoteRateLimit' is not supported by this version of the gateway yet" },

        // Host names.
        { RouteYaml($"hostnames: [ok.example.com, 'bad host']\n{Backend}"), 5, $"{Route}.hostnames[1]", "hostname 'bad host' is not a host name" },

        // Path matches.
        { RouteYaml($"{Backend}\nmatches:\n- path: {{}}"), 7, $"{Route}.matches[0].path", "a path match needs exactly one of 'exact', 'pathPrefix' or 'regex'; add one" },
        { RouteYaml($"{Backend}\nmatches:\n- path: {{exact: /a, pathPrefix: /b}}"), 7, $"{Route}.matches[0].path", "but sets 'exact' and 'pathPrefix'; keep only one" },
        { RouteYaml($"{Backend}\nmatches:\n- path: {{exact: mcp}}"), 7, $"{Route}.matches[0].path.exact", "path 'mcp' must start with '/'; write '/mcp'" },
        { RouteYaml($"{Backend}\nmatches:\n- path: {{pathPrefix: mcp}}"), 7, $"{Route}.matches[0].path.pathPrefix", "path 'mcp' must start with '/'" },
        { RouteYaml($"{Backend}\nmatches:\n- path: {{regex: '/mcp('}}"), 7, $"{Route}.matches[0].path.regex", "invalid regular expression '/mcp('" },
        { RouteYaml($"{Backend}\nmatches:\n- path: {{regex: '(a)\\1'}}"), 7, $"{Route}.matches[0].path.regex", "invalid regular expression '(a)\\1'" },
        { RouteYaml($"{Backend}\nmatches:\n- path: {{pathPrefix: /}}\n- path: {{regex: '[z-a]'}}"), 8, $"{Route}.matches[1].path.regex", "invalid regular expression" },

        // Methods.
        { RouteYaml($"{Backend}\nmatches:\n- method: 'GE T'"), 7, $"{Route}.matches[0].method", "'GE T' is not a valid HTTP method" },
        { RouteYaml($"{Backend}\nmatches:\n- method: ''"), 7, $"{Route}.matches[0].method", "'' is not a valid HTTP method" },
        { RouteYaml($"{Backend}\nmatches:\n- method: post"), 7, $"{Route}.matches[0].method", "method 'post' is not upper-case, and HTTP methods are case-sensitive; write 'POST'" },

        // Header matches.
        { RouteYaml($"{Backend}\nmatches:\n- headers:\n  - value: {{exact: a}}"), 8, $"{Route}.matches[0].headers[0].name", "a header match needs a name" },
        { RouteYaml($"{Backend}\nmatches:\n- headers:\n  - {{name: 'x tenant', value: {{exact: a}}}}"), 8, $"{Route}.matches[0].headers[0].name", "'x tenant' is not a valid header name" },
        { RouteYaml($"{Backend}\nmatches:\n- headers:\n  - name: x-tenant"), 8, $"{Route}.matches[0].headers[0].value", "a header match needs a value" },
        { RouteYaml($"{Backend}\nmatches:\n- headers:\n  - {{name: x-tenant, value: {{}}}}"), 8, $"{Route}.matches[0].headers[0].value", "needs exactly one of 'exact' or 'regex'; add one" },
        { RouteYaml($"{Backend}\nmatches:\n- headers:\n  - {{name: x-tenant, value: {{exact: a, regex: b}}}}"), 8, $"{Route}.matches[0].headers[0].value", "but sets both; keep only one" },
        { RouteYaml($"{Backend}\nmatches:\n- headers:\n  - {{name: x-tenant, value: {{regex: '*'}}}}"), 8, $"{Route}.matches[0].headers[0].value.regex", "invalid regular expression '*'" },

        // Keys of the reference that are not supported.
        { RouteYaml($"{Backend}\nmatches:\n- query: [{{name: a, value: {{exact: b}}}}]"), 7, $"{Route}.matches[0].query", "'query' is not supported by this version of the gateway yet; a route without it would match more requests" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Validate_InvalidRoute_ReportsLinePathAndMessage(string yaml, int line, string path, string message) =>
        AssertSingleError(yaml, line, path, message);

    [Theory]
    [InlineData("path: {exact: /mcp}")]
    [InlineData("path: {pathPrefix: /}")]
    [InlineData("path: {regex: '^/v[0-9]+/mcp$'}")]
    [InlineData("method: GET")]
    [InlineData("method: PROPFIND")]
    [InlineData("headers: [{name: x-tenant, value: {regex: 'acme|globex'}}]")]
    public void Validate_ValidMatch_IsAccepted(string match)
    {
        var config = LoadValid(RouteYaml($"{Backend}\nmatches:\n- {match}"));

        Assert.Single(config.Binds[0].Listeners[0].Routes[0].Matches);
    }
}

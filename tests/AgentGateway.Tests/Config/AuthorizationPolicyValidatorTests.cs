using static AgentGateway.Tests.Config.ConfigTestLoader;

namespace AgentGateway.Tests.Config;

public sealed class AuthorizationPolicyValidatorTests
{
    private const string Route = "binds[0].listeners[0].routes[0].policies";

    /// <summary>A route whose <c>policies.{policy}.rules</c> are <paramref name="rules"/> (one per line, starting on line 10).</summary>
    private static string WithRules(string policy, params string[] rules) => RouteYaml(
        $"backends:\n- mcp: {{targets: [{{name: a, stdio: {{cmd: npx}}}}]}}\npolicies:\n  {policy}:\n    rules:\n" +
        string.Join('\n', rules.Select(r => "    - " + r)));

    [Fact]
    public void SeedRules_AllForms_AreValid()
    {
        var config = LoadValid(WithRules("authorization",
            "if: '\"read:tools\" in auth.claims.permissions'",
            "'jwt.sub == \"alice\"'",
            "allow: 'has(jwt.email)'",
            "deny: 'request.headers[\"x-blocked\"] == \"1\"'",
            "require: 'source.address.startsWith(\"10.\")'"));
        Assert.Equal(5, config.Binds[0].Listeners[0].Routes[0].Policies!.Authorization!.Rules.Count);
        LoadValid(WithRules("mcpAuthorization", "'mcp.tool.name == \"echo\" && jwt.sub == \"alice\"'"));
    }

    public static TheoryData<string, int, string, string> Errors => new()
    {
        { WithRules("authorization", "'jwt.sub =='"), 10, Route + ".authorization.rules[0]", "invalid CEL at line 1, column" },
        { WithRules("authorization", "'jwtt.sub == \"alice\"'"), 10, Route + ".authorization.rules[0]", "jwtt" },
        { WithRules("authorization", "'mcp.tool.name == \"echo\"'"), 10, Route + ".authorization.rules[0]", "'mcp' is available in mcpAuthorization rules" },
        { WithRules("authorization", "{allow: 'true', deny: 'false'}"), 10, Route + ".authorization.rules[0]", "a rule sets 'allow' and 'deny'; write one rule per list item" },
        { WithRules("authorization", "{}"), 10, Route + ".authorization.rules[0]", "a rule needs a CEL expression" },
        { WithRules("mcpAuthorization", "deny: 'jwt.sub == '"), 10, Route + ".mcpAuthorization.rules[0].deny", "invalid CEL" },
        { WithRules("authorization", "iff: 'true'"), 10, Route + ".authorization.rules[0].iff", "did you mean 'if'?" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Validate_InvalidRule_ReportsLinePathAndMessage(string yaml, int line, string path, string message) =>
        AssertError(Load(yaml), line, path, message);

    [Fact]
    public void BackendPolicies_TakeRules_ButNotAuthentication_AndAreMergedIntoTheRoute()
    {
        var yaml = """
            binds:
            - port: 3000
              listeners:
              - policies:
                  authorization: {rules: [{require: 'has(jwt.sub)'}]}
                routes:
                - policies:
                    authorization: {rules: ['jwt.sub == "alice"']}
                  backends:
                  - mcp: {targets: [{name: a, stdio: {cmd: npx}}]}
                    policies:
                      authorization: {rules: [{deny: 'jwt.sub == "mallory"'}]}
                      mcpAuthorization: {rules: ['mcp.tool.name == "echo"']}
            """;
        var config = LoadValid(yaml);
        var route = AgentGateway.Proxy.State.GatewaySnapshotBuilder.Build(config, 1).Binds[3000].Listeners[0].Routes[0];
        Assert.Equal(3, route.Authorization!.Count);
        Assert.Equal(1, route.McpAuthorization!.Count);

        var withAuthentication = yaml.Replace(
            "mcpAuthorization: {rules: ['mcp.tool.name == \"echo\"']}",
            "mcpAuthentication: {issuer: 'https://t/', audiences: [x], jwks: {url: 'https://t/j'}}", StringComparison.Ordinal);
        AssertError(Load(withAuthentication), 13, "binds[0].listeners[0].routes[0].backends[0].policies.mcpAuthentication",
            "move it to the route's or the listener's policies");
    }
}

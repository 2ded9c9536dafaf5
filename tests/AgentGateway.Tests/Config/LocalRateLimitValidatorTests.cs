using static AgentGateway.Tests.Config.ConfigTestLoader;

namespace AgentGateway.Tests.Config;

public sealed class LocalRateLimitValidatorTests
{
    private const string Policies = "binds[0].listeners[0].routes[0].policies";

    /// <summary>A route whose <c>policies.localRateLimit</c> is <paramref name="rules"/> (one per line, starting on line 8).</summary>
    private static string WithRules(params string[] rules) => RouteYaml(
        $"{Backend}\npolicies:\n  localRateLimit:\n" + string.Join('\n', rules.Select(r => "  - " + r)));

    [Fact]
    public void ReferenceForm_AndKeys_AreValid()
    {
        var config = LoadValid(WithRules(
            "{maxTokens: 10, tokensPerFill: 1, fillInterval: 60s, type: requests}",
            "{maxTokens: 5, tokensPerFill: 5, fillInterval: 1s, key: jwt.sub}",
            "{maxTokens: 2, tokensPerFill: 1, fillInterval: 1m, key: 'request.headers[\"x-user\"]'}",
            "{maxTokens: 3, tokensPerFill: 1, fillInterval: 10s, key: 'jwt.sub + \"/\" + mcp.tool.name'}"));
        var rules = config.Binds[0].Listeners[0].Routes[0].Policies!.LocalRateLimit!;
        Assert.Equal(4, rules.Count);
        Assert.Equal(TimeSpan.FromSeconds(60), rules[0].FillInterval);
        Assert.Equal("jwt.sub", rules[1].Key);
    }

    public static TheoryData<string, int, string, string> Errors => new()
    {
        { WithRules("{tokensPerFill: 1, fillInterval: 1s}"), 8, Policies + ".localRateLimit[0].maxTokens", "every rule needs 'maxTokens' of at least 1" },
        { WithRules("{maxTokens: 0, tokensPerFill: 1, fillInterval: 1s}"), 8, Policies + ".localRateLimit[0].maxTokens", "got 0" },
        { WithRules("{maxTokens: 5, fillInterval: 1s}"), 8, Policies + ".localRateLimit[0].tokensPerFill", "every rule needs 'tokensPerFill' of at least 1" },
        { WithRules("{maxTokens: 5, tokensPerFill: 6, fillInterval: 1s}"), 8, Policies + ".localRateLimit[0].tokensPerFill", "'tokensPerFill' (6) cannot exceed 'maxTokens' (5)" },
        { WithRules("{maxTokens: 5, tokensPerFill: 1}"), 8, Policies + ".localRateLimit[0]", "every rule needs 'fillInterval'" },
        { WithRules("{maxTokens: 5, tokensPerFill: 1, fillInterval: 0s}"), 8, Policies + ".localRateLimit[0].fillInterval", "must be greater than zero" },
        { WithRules("{maxTokens: 5, tokensPerFill: 1, fillInterval: 1s, type: tokens}"), 8, Policies + ".localRateLimit[0].type", "'tokens' is not supported by this version of the gateway yet; use one of: requests" },
        { WithRules("{maxTokens: 5, tokensPerFill: 1, fillInterval: 1s, key: 'jwt.sub +'}"), 8, Policies + ".localRateLimit[0].key", "invalid CEL at line 1" },
        { WithRules("{maxTokens: 5, tokensPerFill: 1, fillInterval: 1s, key: jwtt.sub}"), 8, Policies + ".localRateLimit[0].key", "jwtt" },
        { WithRules("{maxTokens: 5, tokensPerFill: 1, fillInterval: 1s, key: ''}"), 8, Policies + ".localRateLimit[0].key", "the rule is empty" },
        { WithRules("{maxTokens: 5, tokensPerFil: 1, fillInterval: 1s}"), 8, Policies + ".localRateLimit[0].tokensPerFil", "did you mean 'tokensPerFill'?" },
        { RouteYaml($"{Backend}\npolicies:\n  localRateLimit: []"), 7, Policies + ".localRateLimit", "the list is empty" },
        {
            RouteYaml("backends:\n- mcp: {targets: [{name: a, stdio: {cmd: npx}}]}\n  policies: {localRateLimit: [{maxTokens: 1, tokensPerFill: 1, fillInterval: 1s}]}"),
            7, "binds[0].listeners[0].routes[0].backends[0].policies.localRateLimit", "move it to the route's policies"
        },
        {
            TargetYaml("name: a\nmcp: {host: 'http://localhost/mcp'}\npolicies: {localRateLimit: [{maxTokens: 1, tokensPerFill: 1, fillInterval: 1s}]}"),
            5, "mcp.targets[0].policies.localRateLimit", "move it to the route's policies"
        },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Validate_InvalidRule_ReportsLinePathAndMessage(string yaml, int line, string path, string message) =>
        AssertError(Load(yaml), line, path, message);

    [Fact]
    public void Validate_ListenerLevel_IsValid()
    {
        var config = LoadValid(ListenerYaml(
            "policies:\n  localRateLimit: [{maxTokens: 1, tokensPerFill: 1, fillInterval: 1s}]\nroutes:\n- " + Backend));
        Assert.Single(config.Binds[0].Listeners[0].Policies!.LocalRateLimit!);
    }
}

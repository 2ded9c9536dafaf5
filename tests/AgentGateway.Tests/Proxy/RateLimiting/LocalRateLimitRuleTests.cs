using System.Text.Json;
using AgentGateway.Cel;
using AgentGateway.Config.Model;
using AgentGateway.Proxy.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace AgentGateway.Tests.Proxy.RateLimiting;

public sealed class LocalRateLimitRuleTests
{
    private readonly FakeTimeProvider _time = new();

    private long Now => RateLimitClock.Now(_time);

    private static LocalRateLimitRule Rule(string? key, int max = 1) =>
        LocalRateLimitRule.Compile(new LocalRateLimitConfig { MaxTokens = max, TokensPerFill = 1, FillInterval = TimeSpan.FromMinutes(1), Key = key }, 0);

    private static RequestCelContext Request(string? subject)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        var claims = subject is null ? (JsonElement?)null : JsonDocument.Parse($"{{\"sub\":\"{subject}\"}}").RootElement;
        return new RequestCelContext(context, claims);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("jwt.sub", false)]
    [InlineData("request.headers[\"x-user\"]", false)]
    [InlineData("mcp.tool.name", true)]
    [InlineData("jwt.sub + \"/\" + mcp.tool.name", true)]
    public void Compile_AKeyNamingMcp_CountsToolCalls(string? key, bool perToolCall) =>
        Assert.Equal(perToolCall ? RateLimitScope.Mcp : RateLimitScope.Http, Rule(key).Scope);

    [Fact]
    public void Acquire_ByJwtSub_ThrottlesEachCallerSeparately()
    {
        var rule = Rule("jwt.sub");
        Assert.True(rule.Acquire(Request("alice"), Now).Allowed);
        Assert.False(rule.Acquire(Request("alice"), Now).Allowed);
        Assert.True(rule.Acquire(Request("bob"), Now).Allowed);
    }

    [Fact]
    public void Acquire_KeyThatErrors_SharesOneUnkeyedBucket()
    {
        var rule = Rule("jwt.sub");

        // Two anonymous callers: jwt.sub is a "no such key" error for both, so they share the rule's unkeyed bucket.
        Assert.True(rule.Acquire(Request(null), Now).Allowed);
        Assert.False(rule.Acquire(Request(null), Now).Allowed);
        Assert.Equal(0, rule.Table!.Count);

        // A caller with a subject is unaffected.
        Assert.True(rule.Acquire(Request("alice"), Now).Allowed);
    }

    [Fact]
    public void Acquire_PerTool_ThrottlesEachToolSeparately()
    {
        var rule = Rule("mcp.tool.name");
        var request = Request("alice");
        Assert.True(rule.Acquire(new McpCelContext(request, "tool", "t", "echo"), Now).Allowed);
        Assert.False(rule.Acquire(new McpCelContext(request, "tool", "t", "echo"), Now).Allowed);
        Assert.True(rule.Acquire(new McpCelContext(request, "tool", "t", "add"), Now).Allowed);
    }

    [Theory]
    [InlineData("'x'", "x")]
    [InlineData("42", "42")]
    [InlineData("42u", "42")]
    [InlineData("true", "true")]
    [InlineData("[1]", null)]
    [InlineData("null", null)]
    public void KeyOf_ScalarsNameABucket_OthersDoNot(string expression, string? expected) =>
        Assert.Equal(expected, LocalRateLimitRule.KeyOf(GatewayCel.RequestRules.Compile(expression).Evaluate(Request(null))));

    [Fact]
    public void PolicyAcquire_StopsAtTheFirstRefusal_AndReportsTheTightestGrant()
    {
        var loose = Rule(null, max: 10);
        var tight = Rule(null, max: 2);
        LocalRateLimitRule[] rules = [loose, tight];

        Assert.Equal(new RateLimitDecision(true, 2, 1, 60), LocalRateLimitPolicy.Acquire(rules, null, Now));
        Assert.Equal(new RateLimitDecision(true, 2, 0, 60), LocalRateLimitPolicy.Acquire(rules, null, Now));
        Assert.Equal(new RateLimitDecision(false, 2, 0, 60), LocalRateLimitPolicy.Acquire(rules, null, Now));

        // The loose rule paid for all three; a rule after a refusal is not charged.
        Assert.Equal(new RateLimitDecision(false, 2, 0, 60), LocalRateLimitPolicy.Acquire([tight, loose], null, Now));
        Assert.Equal(6, loose.Acquire(null, Now).Remaining);
    }
}

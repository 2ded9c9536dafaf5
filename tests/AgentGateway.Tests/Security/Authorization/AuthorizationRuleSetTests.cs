using System.Text.Json;
using AgentGateway.Cel;
using AgentGateway.Config.Model;
using AgentGateway.Security.Authorization;
using Microsoft.AspNetCore.Http;

namespace AgentGateway.Tests.Security.Authorization;

public sealed class AuthorizationRuleSetTests
{
    private static RequestCelContext Context(string claimsJson, Action<HttpContext>? configure = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Path = "/mcp";
        http.Request.Host = new HostString("gw.example.com");
        http.Request.Headers["X-Team"] = "blue";
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("10.1.2.3");
        http.Connection.RemotePort = 50000;
        configure?.Invoke(http);
        return new RequestCelContext(http, JsonDocument.Parse(claimsJson).RootElement.Clone());
    }

    private static AuthorizationRuleSet Rules(params AuthorizationRuleConfig[] rules) =>
        AuthorizationRuleSet.Compile(new AuthorizationConfig { Rules = rules }, GatewayCel.McpRules);

    private const string Alice = """{"sub":"alice","permissions":["read:tools"],"roles":["admin"],"email":"alice@example.com"}""";
    private const string Bob = """{"sub":"bob","permissions":[]}""";

    [Fact]
    public void SeedRule_AllowsWithThePermission_AndDeniesWithout()
    {
        var rules = Rules(new AuthorizationRuleConfig { If = "\"read:tools\" in auth.claims.permissions" });
        Assert.True(rules.IsAllowed(Context(Alice)));
        Assert.False(rules.IsAllowed(Context(Bob)));
        Assert.False(rules.IsAllowed(Context("{}")));
    }

    [Fact]
    public void DenyWins_RequireMustHold_AllowsAreAnAllowList()
    {
        var rules = Rules(
            new AuthorizationRuleConfig { Allow = "jwt.sub == 'alice'" },
            new AuthorizationRuleConfig { Allow = "jwt.sub == 'bob'" },
            new AuthorizationRuleConfig { Deny = "request.headers['x-team'] == 'red'" },
            new AuthorizationRuleConfig { Require = "source.address.startsWith('10.')" });

        Assert.True(rules.IsAllowed(Context(Alice)));
        Assert.True(rules.IsAllowed(Context(Bob)));
        Assert.False(rules.IsAllowed(Context("""{"sub":"carol"}""")));
        Assert.False(rules.IsAllowed(Context(Alice, h => h.Request.Headers["X-Team"] = "red")));
        Assert.False(rules.IsAllowed(Context(Alice, h => h.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback)));
    }

    [Fact]
    public void OnlyDenyRules_AllowEverythingElse_AndNoRulesAllow()
    {
        Assert.True(Rules(new AuthorizationRuleConfig { Deny = "jwt.sub == 'bob'" }).IsAllowed(Context(Alice)));
        Assert.False(Rules(new AuthorizationRuleConfig { Deny = "jwt.sub == 'bob'" }).IsAllowed(Context(Bob)));
        Assert.True(AllowRules().IsAllowed(Context(Bob)));
    }

    [Fact]
    public void ARuleThatErrors_DeniesAsAnAllowRule_ButDoesNotDenyAsADenyRule()
    {
        // 'department' is missing: the rule errors, so it does not hold. The trap: the deny rule does not deny.
        Assert.False(Rules(new AuthorizationRuleConfig { Allow = "jwt.department == 'eng'" }).IsAllowed(Context(Alice)));
        Assert.True(Rules(new AuthorizationRuleConfig { Deny = "jwt.department != 'eng'" }).IsAllowed(Context(Alice)));
        // Written defensively, it does.
        Assert.False(Rules(new AuthorizationRuleConfig { Deny = "!has(jwt.department) || jwt.department != 'eng'" }).IsAllowed(Context(Alice)));
    }

    [Fact]
    public void McpRules_SeeTheItemKindTargetAndUpstreamName()
    {
        var rules = AllowRules(
            "has(mcp.prompt) || has(mcp.resource)",
            "has(mcp.tool) && mcp.tool.name == 'echo'",
            "has(mcp.tool) && mcp.tool.target == 'admin' && 'admin' in jwt.roles");

        Assert.True(rules.IsAllowed(new McpCelContext(Context(Bob), "tool", "public", "echo")));
        Assert.False(rules.IsAllowed(new McpCelContext(Context(Bob), "tool", "public", "add")));
        Assert.True(rules.IsAllowed(new McpCelContext(Context(Bob), "prompt", "public", "greet")));
        Assert.False(rules.IsAllowed(new McpCelContext(Context(Bob), "tool", "admin", "drop")));
        Assert.True(rules.IsAllowed(new McpCelContext(Context(Alice), "tool", "admin", "drop")));
    }

    [Fact]
    public void Merge_CombinesListenerAndRouteRules()
    {
        var listener = Rules(new AuthorizationRuleConfig { Require = "has(jwt.sub)" });
        var route = Rules(new AuthorizationRuleConfig { Allow = "jwt.sub == 'alice'" });
        var merged = AuthorizationRuleSet.Merge(listener, route)!;

        Assert.True(merged.IsAllowed(Context(Alice)));
        Assert.False(merged.IsAllowed(Context(Bob)));
        Assert.False(merged.IsAllowed(Context("{}")));
        Assert.Null(AuthorizationRuleSet.Merge(null, AllowRules()));
    }

    private static AuthorizationRuleSet AllowRules(params string[] allow) =>
        Rules([.. allow.Select(a => new AuthorizationRuleConfig { Allow = a })]);
}

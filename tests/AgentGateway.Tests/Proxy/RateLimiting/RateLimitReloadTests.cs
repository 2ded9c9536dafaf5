using AgentGateway.Proxy.RateLimiting;
using AgentGateway.Proxy.State;
using AgentGateway.Tests.Config;

namespace AgentGateway.Tests.Proxy.RateLimiting;

/// <summary>What a reload does to buckets: unchanged rules keep theirs (and their state), changed ones start afresh.</summary>
public sealed class RateLimitReloadTests
{
    private static string Yaml(string routeLimit, string listenerLimit = "[{maxTokens: 1, tokensPerFill: 1, fillInterval: 1h}]", string routeName = "r") => $$$"""
        binds:
        - port: 3000
          listeners:
          - name: l
            policies: {localRateLimit: {{{listenerLimit}}}}
            routes:
            - name: {{{routeName}}}
              backends: [{mcp: {targets: [{name: a, stdio: {cmd: npx}}]}}]
              policies: {localRateLimit: {{{routeLimit}}}}
            - name: inherits
              matches: [{path: {pathPrefix: /other}}]
              backends: [{mcp: {targets: [{name: a, stdio: {cmd: npx}}]}}]
        """;

    private static (LocalRateLimitPolicy? Route, LocalRateLimitPolicy? Listener) Limits(GatewaySnapshot snapshot)
    {
        var routes = snapshot.Binds[3000].Listeners[0].Routes;
        return (routes[0].RateLimit, routes[1].RateLimit);
    }

    [Fact]
    public void Build_WithPrevious_UnchangedRulesKeepTheirBuckets_ChangedOnesStartFull()
    {
        const string Rule = "[{maxTokens: 1, tokensPerFill: 1, fillInterval: 1h, key: jwt.sub}]";
        var first = GatewaySnapshotBuilder.Build(ConfigTestLoader.LoadValid(Yaml(Rule)), 1);
        var (route, listener) = Limits(first);
        Assert.Equal("route:3000/l/r", route!.Owner);
        Assert.Equal("listener:3000/l", listener!.Owner);
        Assert.True(LocalRateLimitPolicy.Acquire(route.HttpRules, null, 0)!.Value.Allowed);
        Assert.False(LocalRateLimitPolicy.Acquire(route.HttpRules, null, 0)!.Value.Allowed);

        // The same rules (compared by value, the file re-read): the same policy, still empty.
        var second = GatewaySnapshotBuilder.Build(ConfigTestLoader.LoadValid(Yaml(Rule)), 2, previous: first);
        Assert.Same(route, Limits(second).Route);
        Assert.Same(listener, Limits(second).Listener);
        Assert.False(LocalRateLimitPolicy.Acquire(Limits(second).Route!.HttpRules, null, 0)!.Value.Allowed);

        // Changed rules, or the same rules on a renamed route: new buckets. The listener's are untouched.
        var third = GatewaySnapshotBuilder.Build(ConfigTestLoader.LoadValid(Yaml(Rule.Replace("maxTokens: 1", "maxTokens: 2", StringComparison.Ordinal))), 3, previous: second);
        Assert.NotSame(route, Limits(third).Route);
        Assert.True(LocalRateLimitPolicy.Acquire(Limits(third).Route!.HttpRules, null, 0)!.Value.Allowed);
        Assert.Same(listener, Limits(third).Listener);

        var renamed = GatewaySnapshotBuilder.Build(ConfigTestLoader.LoadValid(Yaml(Rule, routeName: "renamed")), 4, previous: second);
        Assert.NotSame(route, Limits(renamed).Route);

        // Without a previous snapshot (first load), everything is new.
        Assert.NotSame(listener, Limits(GatewaySnapshotBuilder.Build(ConfigTestLoader.LoadValid(Yaml(Rule)), 5)).Listener);
    }
}

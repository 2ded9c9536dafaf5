using static AgentGateway.Tests.Config.ConfigTestLoader;

namespace AgentGateway.Tests.Config;

public sealed class HeaderModifierValidatorTests
{
    private const string Policies = "binds[0].listeners[0].routes[0].policies";

    /// <summary>A route whose <c>policies.{policy}</c> is <paramref name="body"/> (flow style, on line 7).</summary>
    private static string With(string policy, string body) => RouteYaml($"{Backend}\npolicies:\n  {policy}: {body}");

    [Fact]
    public void AllForms_AtEveryLevel_AreValid()
    {
        var yaml = """
            binds:
            - port: 3000
              listeners:
              - policies:
                  responseHeaderModifier: {set: {x-served-by: gateway}}
                routes:
                - policies:
                    requestHeaderModifier: {add: {x-team: a}, set: {x-env: prod}, remove: [x-debug]}
                    responseHeaderModifier: {add: {x-b: '1'}, remove: [server]}
                  backends:
                  - mcp:
                      targets:
                      - name: a
                        mcp: {host: 'http://localhost:9000/mcp'}
                        policies: {requestHeaderModifier: {set: {x-api-key: k}}}
            """;
        var config = LoadValid(yaml);
        var route = config.Binds[0].Listeners[0].Routes[0];
        Assert.Equal("prod", route.Policies!.RequestHeaderModifier!.Set["x-env"]);
        Assert.Equal("k", route.Backends[0].Mcp!.Targets[0].Policies!.RequestHeaderModifier!.Set["x-api-key"]);
    }

    public static TheoryData<string, int, string, string> Errors => new()
    {
        { With("requestHeaderModifier", "{set: {'bad header': v}}"), 7, Policies + ".requestHeaderModifier.set.bad header", "'bad header' is not a valid header name" },
        { With("responseHeaderModifier", "{remove: [Connection]}"), 7, Policies + ".responseHeaderModifier.remove[0]", "'Connection' belongs to the connection" },
        { With("requestHeaderModifier", "{set: {host: example.com}}"), 7, Policies + ".requestHeaderModifier.set.host", "'host' belongs to the connection" },
        { With("responseHeaderModifier", "{set: {content-length: '1'}}"), 7, Policies + ".responseHeaderModifier.set.content-length", "belongs to the connection" },
        { With("requestHeaderModifier", "{add: {transfer-encoding: chunked}}"), 7, Policies + ".requestHeaderModifier.add.transfer-encoding", "belongs to the connection" },
        { With("responseHeaderModifier", "{remove: [mcp-session-id]}"), 7, Policies + ".responseHeaderModifier.remove[0]", "managed by the gateway" },
        { With("requestHeaderModifier", "{set: {Authorization: 'Bearer x'}}"), 7, Policies + ".requestHeaderModifier.set.Authorization", "'authorization' cannot be edited" },
        { With("requestHeaderModifier", "{set: {x-a: '1'}, add: {X-A: '2'}}"), 7, Policies + ".requestHeaderModifier.add.X-A", "header 'X-A' is already edited under 'set'" },
        { With("responseHeaderModifier", "{set: {x-a: '1', X-a: '2'}}"), 7, Policies + ".responseHeaderModifier.set.X-a", "already edited under 'set'" },
        { With("responseHeaderModifier", "{add: {x-a: '1'}, remove: [x-a]}"), 7, Policies + ".responseHeaderModifier.remove[0]", "already edited under 'add'" },
        { With("responseHeaderModifier", "{set: {x-a: \"line\\nbreak\"}}"), 7, Policies + ".responseHeaderModifier.set.x-a", "control character" },
        { With("responseHeaderModifier", "{set: {x-a: 'caf\u00e9'}}"), 7, Policies + ".responseHeaderModifier.set.x-a", "non-ASCII" },
        { With("requestHeaderModifier", "{sett: {x-a: '1'}}"), 7, Policies + ".requestHeaderModifier.sett", "did you mean 'set'?" },
        {
            TargetYaml("name: a\nstdio: {cmd: npx}\npolicies: {requestHeaderModifier: {set: {x-a: '1'}}}"),
            5, "mcp.targets[0].policies.requestHeaderModifier", "a stdio target receives no HTTP requests"
        },
        {
            TargetYaml("name: a\nmcp: {host: 'http://localhost/mcp'}\npolicies: {responseHeaderModifier: {set: {x-a: '1'}}}"),
            5, "mcp.targets[0].policies.responseHeaderModifier", "move it to the route's policies"
        },
        {
            RouteYaml("backends:\n- mcp: {targets: [{name: a, stdio: {cmd: npx}}]}\n  policies: {requestHeaderModifier: {set: {x-a: '1'}}}"),
            7, "binds[0].listeners[0].routes[0].backends[0].policies.requestHeaderModifier", "move it to the route's policies"
        },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Validate_InvalidModifier_ReportsLinePathAndMessage(string yaml, int line, string path, string message) =>
        AssertError(Load(yaml), line, path, message);
}

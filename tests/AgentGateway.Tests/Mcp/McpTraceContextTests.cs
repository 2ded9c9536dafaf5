using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentGateway.Mcp.Protocol;

namespace AgentGateway.Tests.Mcp;

/// <summary>W3C trace context in <c>params._meta</c> (MCP SEP-414).</summary>
public sealed class McpTraceContextTests
{
    private const string Parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Fact]
    public void Inject_NullParams_CreatesParamsWithMeta()
    {
        using var span = Span(traceState: null);

        var result = Assert.IsType<JsonObject>(McpTraceContext.Inject(null, span));

        Assert.Equal($$$"""{"_meta":{"traceparent":"{{{span.Id}}}"}}""", result.ToJsonString());
    }

    [Fact]
    public void Inject_ParamsWithOtherMeta_AddsContextInPlace_AndKeepsTheRest()
    {
        using var span = Span(traceState: "vendor=1");
        var parameters = new JsonObject
        {
            ["name"] = "echo",
            ["_meta"] = new JsonObject { ["progressToken"] = 7, ["baggage"] = "user=alice" },
        };

        var result = McpTraceContext.Inject(parameters, span);

        Assert.Same(parameters, result);
        var meta = parameters["_meta"]!.AsObject();
        Assert.Equal(7, meta["progressToken"]!.GetValue<int>());
        Assert.Equal("user=alice", meta["baggage"]!.GetValue<string>());
        Assert.Equal(span.Id, meta["traceparent"]!.GetValue<string>());
        Assert.Equal("vendor=1", meta["tracestate"]!.GetValue<string>());
    }

    [Fact]
    public void Inject_ClientSentContext_IsReplaced_AndStaleTracestateRemoved()
    {
        using var span = Span(traceState: null);
        var parameters = new JsonObject
        {
            ["_meta"] = new JsonObject { ["traceparent"] = "00-11111111111111111111111111111111-2222222222222222-01", ["tracestate"] = "old=1" },
        };

        McpTraceContext.Inject(parameters, span);

        var meta = parameters["_meta"]!.AsObject();
        Assert.Equal(span.Id, meta["traceparent"]!.GetValue<string>());
        Assert.False(meta.ContainsKey("tracestate"));
    }

    [Fact]
    public void Inject_ParamsOrMetaNotAnObject_LeftAsTheyAre()
    {
        using var span = Span(traceState: null);
        var array = new JsonArray(1, 2);
        var oddMeta = new JsonObject { ["_meta"] = "text" };

        Assert.Same(array, McpTraceContext.Inject(array, span));
        Assert.Equal("""[1,2]""", array.ToJsonString());
        McpTraceContext.Inject(oddMeta, span);
        Assert.Equal("""{"_meta":"text"}""", oddMeta.ToJsonString());
    }

    private static Activity Span(string? traceState)
    {
        var activity = new Activity("client");
        activity.SetParentId(Parent);
        activity.TraceStateString = traceState;
        return activity.Start();
    }
}

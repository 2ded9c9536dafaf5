using System.Text;
using System.Text.Json.Nodes;
using AgentGateway.Proxy.A2a;

namespace AgentGateway.Tests.Proxy;

public sealed class A2aTests
{
    [Fact]
    public void Rewrite_V03Card_PointsUrlAndAdditionalInterfacesAtTheGateway_KeepingPaths()
    {
        var card = """{"name":"agent","url":"http://10.0.0.5:9999/a2a/v1","additionalInterfaces":[{"url":"http://10.0.0.5:9999/rest?x=1","transport":"HTTP+JSON"}],"skills":[]}""";

        var rewritten = JsonNode.Parse(A2aAgentCard.Rewrite(Encoding.UTF8.GetBytes(card), "https://gw.example.com")!)!;

        Assert.Equal("https://gw.example.com/a2a/v1", (string?)rewritten["url"]);
        Assert.Equal("https://gw.example.com/rest?x=1", (string?)rewritten["additionalInterfaces"]![0]!["url"]);
        Assert.Equal("HTTP+JSON", (string?)rewritten["additionalInterfaces"]![0]!["transport"]);
        Assert.Equal("agent", (string?)rewritten["name"]);
    }

    [Fact]
    public void Rewrite_V10Card_PointsEverySupportedInterfaceAtTheGateway()
    {
        var card = """{"name":"agent","supportedInterfaces":[{"url":"http://agent:9999/","protocolBinding":"JSONRPC"},{"url":"http://agent:9999/grpc","protocolBinding":"GRPC"}]}""";

        var rewritten = JsonNode.Parse(A2aAgentCard.Rewrite(Encoding.UTF8.GetBytes(card), "http://127.0.0.1:3000")!)!;

        Assert.Equal("http://127.0.0.1:3000/", (string?)rewritten["supportedInterfaces"]![0]!["url"]);
        Assert.Equal("http://127.0.0.1:3000/grpc", (string?)rewritten["supportedInterfaces"]![1]!["url"]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"name":"no urls"}""")]
    public void Rewrite_NothingToRewrite_ReturnsNull(string card) =>
        Assert.Null(A2aAgentCard.Rewrite(Encoding.UTF8.GetBytes(card), "http://gw"));

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"message/send","params":{}}""", true, "message/send")]
    [InlineData("""{"jsonrpc":"2.0","params":{"message":{"parts":[{"text":"a"}]}},"method":"SendMessage","id":"x"}""", true, "SendMessage")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tasks/get","par""", false, "tasks/get")]
    [InlineData("""{"jsonrpc":"2.0","params":{"message":{"parts":[{"te""", false, null)]
    [InlineData("""{"jsonrpc":"2.0","id":1}""", true, null)]
    [InlineData("""[{"method":"a"}]""", true, null)]
    public void ReadMethod_FindsTheTopLevelMethod_EvenInACutMessage(string json, bool complete, string? expected) =>
        Assert.Equal(expected, A2aJsonRpc.ReadMethod(Encoding.UTF8.GetBytes(json), complete));

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"kind":"message"}}""", true, "success", null)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"error":{"message":"nope","code":-32601}}""", true, "error", -32601L)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"kind":"task","history":[""", false, "success", null)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":null}""", true, "unknown", null)]
    [InlineData("""data: {}""", true, "unknown", null)]
    public void ReadOutcome_TellsResultFromError(string json, bool complete, string outcome, long? code) =>
        Assert.Equal((outcome, code), A2aJsonRpc.ReadOutcome(Encoding.UTF8.GetBytes(json), complete));

    [Theory]
    [InlineData("/.well-known/agent.json", true)]
    [InlineData("/.well-known/agent-card.json", true)]
    [InlineData("/agents/a/.well-known/agent-card.json", true)]
    [InlineData("/.well-known/oauth-protected-resource", false)]
    public void IsCardPath_KnowsBothCardLocations(string path, bool expected) =>
        Assert.Equal(expected, A2aAgentCard.IsCardPath(path));
}

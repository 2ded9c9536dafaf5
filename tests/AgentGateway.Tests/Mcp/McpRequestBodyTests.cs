using System.Buffers;
using System.Text;
using AgentGateway.Mcp.Endpoints;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Tests.Mcp;

public sealed class McpRequestBodyTests
{
    private static McpRequestBody.Result Parse(string json) => McpRequestBody.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Parse_Request_KeepsUnknownParams()
    {
        var result = Parse("""{"jsonrpc":"2.0","id":"x","method":"tools/call","params":{"name":"e","future":{"a":1}}}""");
        var request = Assert.IsType<JsonRpcRequest>(Assert.Single(result.Messages!));
        Assert.Equal(1, request.Params!["future"]!["a"]!.GetValue<int>());
        Assert.False(result.IsBatch);
    }

    [Fact]
    public void Parse_Batch_ReturnsEveryMessage()
    {
        var result = Parse("""[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/x"}]""");
        Assert.True(result.IsBatch);
        Assert.Equal(2, result.Messages!.Count);
    }

    [Theory]
    [InlineData("{not json", "ParseError")]
    [InlineData("", "ParseError")]
    [InlineData("[]", "InvalidRequest")]
    [InlineData("""{"jsonrpc":"2.0"}""", "InvalidRequest")]
    [InlineData("42", "InvalidRequest")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"ping"} {"x":1}""", "ParseError")]
    [InlineData("""  [{"jsonrpc":"2.0","id":1}]""", "InvalidRequest")]
    public void Parse_Invalid_ReportsError(string body, string expected)
    {
        var result = Parse(body);
        Assert.Null(result.Messages);
        Assert.Equal(Enum.Parse<McpHttpError>(expected), result.Error);
    }

    [Theory]
    [InlineData("MissingSession", 400)]
    [InlineData("SessionNotFound", 404)]
    [InlineData("NotAcceptable", 406)]
    [InlineData("UnsupportedMediaType", 415)]
    [InlineData("PayloadTooLarge", 413)]
    [InlineData("StreamConflict", 409)]
    [InlineData("MethodNotAllowed", 405)]
    [InlineData("UnsupportedProtocolVersion", 400)]
    public void Map_GivesSpecStatus(string error, int status) => Assert.Equal(status, McpHttpResults.Map(Enum.Parse<McpHttpError>(error)).Status);
}

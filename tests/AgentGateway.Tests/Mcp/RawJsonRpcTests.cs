using System.Text;
using System.Text.Json.Nodes;
using AgentGateway.Mcp.Protocol;

namespace AgentGateway.Tests.Mcp;

/// <summary>
/// The byte-level reader of the relay's transparent path: what it takes (and what it must decline, so that the full
/// parser decides), where it finds the id, and that answers copied with another id are still the same JSON.
/// </summary>
public sealed class RawJsonRpcTests
{
    private static RawJsonRpcRequest? Request(string json) => RawJsonRpc.TryParseRequest(Encoding.UTF8.GetBytes(json));

    private static bool Answer(string line, out RawJsonRpcAnswerInfo info) =>
        RawJsonRpc.TryParseAnswer(Encoding.UTF8.GetBytes(line), out info);

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo"}}""", "tools/call")]
    [InlineData("""{"method":"tools/list","id":"x","jsonrpc":"2.0"}""", "tools/list")]
    [InlineData("""  {"jsonrpc":"2.0","id":0,"method":"m"}  """, "m")]
    [InlineData("{\n  \"jsonrpc\": \"2.0\",\r\n  \"id\": 9,\n  \"method\": \"m\",\n  \"params\": {}\n}\n", "m")]
    [InlineData("""{"jsonrpc":"2.0","id":-5,"method":"m","params":{},"extra":[1,{"a":null}]}""", "m")]
    [InlineData("""{"jsonrpc":"2.0","id":9223372036854775807,"method":"m"}""", "m")]
    [InlineData("""{"j\u0073onrpc":"2.0","id":1,"m\u0065thod":"t\u006fols/list"}""", "tools/list")]
    public void TryParseRequest_PlainRequests_Accepted(string json, string method)
    {
        var request = Request(json);

        Assert.NotNull(request);
        Assert.Equal(method, request.Method);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[]")]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"m"}]""")]
    [InlineData("\"str\"")]
    [InlineData("42")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"")] // truncated
    [InlineData("""{"id":1,"method":"m"}""")] // no jsonrpc
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"m"}""")]
    [InlineData("""{"jsonrpc":2.0,"id":1,"method":"m"}""")]
    [InlineData("""{"jsonrpc":"2.0","jsonrpc":"2.0","id":1,"method":"m"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m","method":"n"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"id":2,"method":"m"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"\u0069d":2,"method":"m"}""")] // the same name, escaped
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m","params":{},"params":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m","params":{"name":"a","name":"b"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m","params":{"uri":"a","uri":"b"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":{},"_meta":{}}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":{"progressToken":1,"progressToken":2}}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1.5,"method":"m"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1e3,"method":"m"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":99999999999999999999,"method":"m"}""")] // beyond int64
    [InlineData("""{"jsonrpc":"2.0","id":null,"method":"m"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":{"a":1},"method":"m"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":[1],"method":"m"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":true,"method":"m"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m","params":[1,2]}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m","params":null}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m","result":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m","error":{"code":1,"message":"x"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{}}""")] // a response, no method
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":5}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/initialized"}""")] // no id
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m"} {}""")] // trailing content
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m"}x""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m",}""")] // trailing comma
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m"} // comment""")]
    public void TryParseRequest_AnythingElse_Declined(string json)
    {
        Assert.Null(Request(json));
    }

    [Fact]
    public void TryParseRequest_InvalidUtf8_Declined()
    {
        var body = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"m","params":{"name":"__"}}""");
        var at = Array.IndexOf(body, (byte)'_');
        body[at] = 0xC3; // a lead byte followed by an ASCII byte
        body[at + 1] = 0x28;

        Assert.Null(RawJsonRpc.TryParseRequest(body));
    }

    [Fact]
    public void TryParseRequestAndAnswer_ByteOrderMark_Declined()
    {
        // A BOM would reach the stdio target in the middle of its input (the full parser refuses such a body too).
        byte[] bom = [0xEF, 0xBB, 0xBF];

        Assert.Null(RawJsonRpc.TryParseRequest([.. bom, .. Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"m"}""")]));
        Assert.False(RawJsonRpc.TryParseAnswer([.. bom, .. Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"result":{}}""")], out _));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":"abc","method":"m"}""", "\"abc\"", "abc")]
    [InlineData("""{"jsonrpc":"2.0","id":"a\"b","method":"m"}""", "\"a\\\"b\"", "a\"b")]
    [InlineData("""{"jsonrpc":"2.0","id":"\u00e9\n","method":"m"}""", "\"\\u00e9\\n\"", "é\n")]
    [InlineData("""{"jsonrpc":"2.0","id":"","method":"m"}""", "\"\"", "")]
    [InlineData("""{"jsonrpc":"2.0","method":"m","id" :  "sp" }""", "\"sp\"", "sp")]
    public void TryParseRequest_StringId_PositionCoversTheQuotedTextAsWritten(string json, string idJson, string id)
    {
        var request = Request(json);

        Assert.NotNull(request);
        Assert.Equal(idJson, Encoding.UTF8.GetString(request.IdJson.Span));
        Assert.Equal(idJson, json.Substring(request.IdStart, request.IdLength)); // ASCII before the id: chars = bytes
        Assert.Equal(id, Assert.IsType<string>(request.Id.Id));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":7,"method":"m"}""", "7", 7L)]
    [InlineData("""{"jsonrpc":"2.0","id":-12,"method":"m"}""", "-12", -12L)]
    [InlineData("""{"id":0,"jsonrpc":"2.0","method":"m"}""", "0", 0L)]
    [InlineData("""{"jsonrpc":"2.0","method":"m","params":{"id":5},"id":123456789012}""", "123456789012", 123456789012L)]
    public void TryParseRequest_NumericId_PositionAndValue(string json, string idJson, long id)
    {
        var request = Request(json);

        Assert.NotNull(request);
        Assert.Equal(idJson, Encoding.UTF8.GetString(request.IdJson.Span));
        Assert.Equal(id, Assert.IsType<long>(request.Id.Id));
    }

    [Fact]
    public void TryParseRequest_NonAsciiBeforeTheId_PositionIsInBytes()
    {
        var json = """{"jsonrpc":"2.0","method":"m","params":{"name":"日本語"},"id":"ü"}""";
        var request = Request(json);

        Assert.NotNull(request);
        Assert.Equal("\"ü\"", Encoding.UTF8.GetString(request.IdJson.Span));
        Assert.Equal("日本語", request.Name);
    }

    [Fact]
    public void TryParseRequest_NameUriAndProgressToken_Extracted()
    {
        var request = Request("""
            {"jsonrpc":"2.0","id":1,"method":"tools/call",
             "params":{"arguments":{"name":"inner","uri":"inner","_meta":{"progressToken":"inner"}},
                       "name":"echo","uri":"file:///a?token=x","_meta":{"other":[1],"progressToken":"tok-1"}}}
            """);

        Assert.NotNull(request);
        Assert.Equal("echo", request.Name);
        Assert.Equal("file:///a?token=x", request.Uri);
        Assert.Equal("\"tok-1\"", request.ProgressToken);
    }

    [Fact]
    public void TryParseRequest_NoParams_NothingExtracted()
    {
        var request = Request("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""");

        Assert.NotNull(request);
        Assert.Null(request.Name);
        Assert.Null(request.Uri);
        Assert.Null(request.ProgressToken);
    }

    [Fact]
    public void TryParseRequest_NonStringNameOrUriOrNonObjectMeta_NullButAccepted()
    {
        var request = Request("""{"jsonrpc":"2.0","id":1,"method":"m","params":{"name":{"x":1},"uri":5,"_meta":"tok"}}""");

        Assert.NotNull(request);
        Assert.Null(request.Name);
        Assert.Null(request.Uri);
        Assert.Null(request.ProgressToken);
    }

    [Theory]
    [InlineData("\"tok\"")]
    [InlineData("\"a\\u0041\\n\"")]
    [InlineData("\"\\u00e9t\\u00e9\"")]
    [InlineData("42")]
    [InlineData("-1")]
    [InlineData("1.50")]
    [InlineData("1E2")]
    [InlineData("9223372036854775808")]
    [InlineData("{ \"b\" : [1, 2] , \"a\":\"x\" }")]
    public void TryParseRequest_ProgressToken_SameTextAsTheFullParser(string token)
    {
        var json = $$$$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"n","_meta":{ "progressToken" : {{{{token}}}} }}}""";

        var request = Request(json);

        Assert.NotNull(request);
        var expected = JsonNode.Parse(json)!["params"]!["_meta"]!["progressToken"]!.ToJsonString();
        Assert.Equal(expected, request.ProgressToken);
    }

    [Fact]
    public void TryParseRequest_BodyKeptAsIs()
    {
        var bytes = Encoding.UTF8.GetBytes("{ \"jsonrpc\" : \"2.0\",\n \"id\" : 3, \"method\" : \"m\" }");

        var request = RawJsonRpc.TryParseRequest(bytes);

        Assert.NotNull(request);
        Assert.Same(bytes, request.Body);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{}}""", 1L, false)]
    [InlineData("""{"result":{"content":[]},"id":42,"jsonrpc":"2.0"}""", 42L, false)]
    [InlineData("""{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"no"}}""", 3L, true)]
    [InlineData("""{"jsonrpc":"2.0","id":4,"result":null}""", 4L, false)]
    [InlineData("""{"jsonrpc":"2.0","id":5,"result":{},"extra":{"k":[1,2]}}""", 5L, false)]
    [InlineData("""  {"jsonrpc":"2.0","id":6,"result":1}  """, 6L, false)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\r", 7L, false)]
    public void TryParseAnswer_NumericIdAnswers_Accepted(string line, long id, bool isError)
    {
        Assert.True(Answer(line, out var info));
        Assert.Equal(id, info.Id);
        Assert.Equal(isError, info.IsError);
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), line.Substring(info.IdStart, info.IdLength));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":"1","result":{}}""")] // string id
    [InlineData("""{"jsonrpc":"2.0","id":1.0,"result":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":null,"error":{"code":1,"message":"x"}}""")]
    [InlineData("""{"jsonrpc":"2.0","result":{}}""")] // no id
    [InlineData("""{"id":1,"result":{}}""")] // no jsonrpc
    [InlineData("""{"jsonrpc":"1.0","id":1,"result":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","jsonrpc":"2.0","id":1,"result":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"id":2,"result":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1}""")] // neither result nor error
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{},"result":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"error":"boom"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"sampling/createMessage","params":{}}""")] // a request
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{}} {}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{}""")]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"result":{}}]""")]
    [InlineData("Server starting...")]
    [InlineData("")]
    public void TryParseAnswer_AnythingElse_Declined(string line)
    {
        Assert.False(Answer(line, out _));
    }

    [Fact]
    public void TryParseAnswer_InvalidUtf8_Declined()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"result":{"t":"__"}}""");
        var at = Array.IndexOf(bytes, (byte)'_');
        bytes[at] = 0xFF;

        Assert.False(RawJsonRpc.TryParseAnswer(bytes, out _));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":12,"result":{"content":[{"type":"text","text":"hi \"there\""}]},"x-extra":{"id":99}}""", "\"client-1\"")]
    [InlineData("""{"jsonrpc":"2.0","id":12,"result":{}}""", "\"a\\\"b\"")]
    [InlineData("""{"jsonrpc":"2.0","id":12,"result":{}}""", "7")]
    [InlineData("""{"jsonrpc":"2.0","id":1234567,"error":{"code":-32000,"message":"bad"}}""", "-3")]
    [InlineData("""{"id":5,"jsonrpc":"2.0","result":[]}""", "\"\\u00e9\"")]
    public void CopyAnswer_CopyToWithClientId_SameJsonUnderTheClientsId(string line, string clientId)
    {
        Assert.True(Answer(line, out var info));

        var answer = RawJsonRpc.CopyAnswer(Encoding.UTF8.GetBytes(line), info);
        var output = Copy(answer, clientId);

        var expected = JsonNode.Parse(line)!.AsObject();
        expected["id"] = JsonNode.Parse(clientId);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(output)), output);
        Assert.Equal(info.IsError, answer.IsError);
    }

    [Fact]
    public void CopyAnswer_TrailingWhiteSpaceAndCr_Trimmed_InnerCrMadeSpace()
    {
        var line = "{\"jsonrpc\":\"2.0\",\r\"id\":3,\"result\":{\"a\":\r1}}  \t\r";
        Assert.True(Answer(line, out var info));

        var answer = RawJsonRpc.CopyAnswer(Encoding.UTF8.GetBytes(line), info);
        var text = Encoding.UTF8.GetString(answer.Bytes);

        Assert.Equal("{\"jsonrpc\":\"2.0\", \"id\":3,\"result\":{\"a\": 1}}", text);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
        Assert.Equal("3", text.Substring(answer.IdStart, answer.IdLength));
    }

    [Fact]
    public void CopyAnswer_CopiesTheLine_NotASliceOfTheReadBuffer()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"result":{"v":"original"}}""");
        Assert.True(RawJsonRpc.TryParseAnswer(bytes, out var info));

        var answer = RawJsonRpc.CopyAnswer(bytes, info);
        bytes.AsSpan().Fill((byte)'#'); // the pipe reuses its buffer

        Assert.Equal("original", (string?)JsonNode.Parse(Copy(answer, "1"))!["result"]!["v"]);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"a much longer client id than the upstream's\"")]
    public void LengthWith_IsWhatCopyToWrites(string clientId)
    {
        Assert.True(Answer("""{"jsonrpc":"2.0","id":123,"result":{}}""", out var info));
        var answer = RawJsonRpc.CopyAnswer(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":123,"result":{}}"""), info);
        var id = Encoding.UTF8.GetBytes(clientId);
        var destination = new byte[answer.LengthWith(id) + 8];

        var written = answer.CopyTo(destination, id);

        Assert.Equal(answer.LengthWith(id), written);
        Assert.Equal("""{"jsonrpc":"2.0","id":""" + clientId + ""","result":{}}""", Encoding.UTF8.GetString(destination, 0, written));
    }

    private static string Copy(RawJsonRpcAnswer answer, string clientId)
    {
        var id = Encoding.UTF8.GetBytes(clientId);
        var destination = new byte[answer.LengthWith(id)];
        var written = answer.CopyTo(destination, id);
        return Encoding.UTF8.GetString(destination, 0, written);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace AgentGateway.Mcp.Protocol;

/// <summary>
/// Reads the top level of a JSON-RPC message straight from its bytes, for the relay's transparent path: a request is
/// forwarded as it came with only its id replaced, and its answer goes back the same way, with no object made of
/// either. Whatever this reader is not sure of, it declines (null or false), and the caller parses the message fully.
/// </summary>
/// <remarks>
/// Accepting is stricter than the full parser: one JSON object, valid UTF-8, <c>"jsonrpc": "2.0"</c>, each member of
/// the envelope at most once, a string or integer id. Every token is read, so a message accepted here is valid JSON.
/// </remarks>
internal static class RawJsonRpc
{
    /// <summary>Reads a client request; null when the body is not plainly one (a notification, a response, a batch, or anything odd).</summary>
    public static RawJsonRpcRequest? TryParseRequest(byte[] body)
    {
        if (!Utf8.IsValid(body))
        {
            return null;
        }

        try
        {
            return ParseRequest(body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads an upstream line that answers a request with a numeric id (result or error); false for anything else
    /// (requests, notifications, string ids, invalid UTF-8, …).
    /// </summary>
    public static bool TryParseAnswer(ReadOnlySpan<byte> line, out RawJsonRpcAnswerInfo info)
    {
        info = default;
        if (!Utf8.IsValid(line))
        {
            return false;
        }

        try
        {
            return ParseAnswer(line, out info);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Copies an answer line that <see cref="TryParseAnswer"/> accepted, without trailing white space, and with any
    /// carriage return (white space between tokens, in valid JSON) made a space so the bytes can go in an SSE event.
    /// </summary>
    public static RawJsonRpcAnswer CopyAnswer(ReadOnlySpan<byte> line, RawJsonRpcAnswerInfo info)
    {
        var end = line.Length;
        while (end > info.IdStart + info.IdLength && line[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            end--;
        }

        var bytes = line[..end].ToArray();
        bytes.AsSpan().Replace((byte)'\r', (byte)' ');
        return new RawJsonRpcAnswer(bytes, info.IdStart, info.IdLength, info.IsError);
    }

    /// <summary>
    /// Copies <paramref name="message"/> to <paramref name="destination"/> with <paramref name="id"/> in place of the id
    /// value at <paramref name="idStart"/> (<paramref name="idLength"/> bytes); returns the bytes written. The one id
    /// rewrite of the byte path, both ways: the gateway's id into a request, the client's back into the answer.
    /// </summary>
    public static int CopyWithId(ReadOnlySpan<byte> message, int idStart, int idLength, ReadOnlySpan<byte> id, Span<byte> destination)
    {
        message[..idStart].CopyTo(destination);
        id.CopyTo(destination[idStart..]);
        var tail = message[(idStart + idLength)..];
        tail.CopyTo(destination[(idStart + id.Length)..]);
        return idStart + id.Length + tail.Length;
    }

    private static RawJsonRpcRequest? ParseRequest(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? method = null;
        int idStart = -1, idLength = 0;
        bool version = false, parameters = false;
        ParamsFound found = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("jsonrpc"u8))
            {
                if (version || !reader.Read() || reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("2.0"u8))
                {
                    return null;
                }

                version = true;
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                if (method is not null || !reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                method = KnownMethod(ref reader) ?? reader.GetString();
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                if (idStart >= 0 || !reader.Read())
                {
                    return null;
                }

                // A string (turned into one only if needed: RawJsonRpcRequest.Id), or a whole number that fits a long.
                if (reader.TokenType != JsonTokenType.String && !(reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out _)))
                {
                    return null;
                }

                idStart = (int)reader.TokenStartIndex;
                idLength = (int)reader.BytesConsumed - idStart;
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                if (parameters || !reader.Read() || reader.TokenType != JsonTokenType.StartObject || !ReadParams(ref reader, body, out found))
                {
                    return null;
                }

                parameters = true;
            }
            else if (reader.ValueTextEquals("result"u8) || reader.ValueTextEquals("error"u8))
            {
                return null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || !version || method is null || idStart < 0)
        {
            return null;
        }

        return new RawJsonRpcRequest(body, method, idStart, idLength, found.Name, found.Uri)
        {
            ProgressToken = found.ProgressToken,
        };
    }

    /// <summary>The members of <c>params</c> the relay looks at.</summary>
    private struct ParamsFound
    {
        public Range Name;
        public Range Uri;
        public string? ProgressToken;
    }

    /// <summary>Reads <c>params</c> (the reader on its start): <c>name</c>, <c>uri</c>, <c>_meta.progressToken</c>; false on a repeated one.</summary>
    private static bool ReadParams(ref Utf8JsonReader reader, byte[] body, out ParamsFound found)
    {
        found = default;
        bool name = false, uri = false, meta = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                if (name)
                {
                    return false;
                }

                name = true;
                found.Name = StringOrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("uri"u8))
            {
                if (uri)
                {
                    return false;
                }

                uri = true;
                found.Uri = StringOrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("_meta"u8))
            {
                if (meta)
                {
                    return false;
                }

                meta = true;
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                var token = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (!reader.ValueTextEquals("progressToken"u8))
                    {
                        reader.Read();
                        reader.Skip();
                        continue;
                    }

                    if (token)
                    {
                        return false;
                    }

                    token = true;
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    // The same text the full parser's JsonNode gives (the key progress notifications are matched by).
                    found.ProgressToken = JsonNode.Parse(body.AsSpan(start, (int)reader.BytesConsumed - start))?.ToJsonString();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return true;
    }

    /// <summary>Where the next value is when it is a string (quotes included), else an empty range (and the value is skipped).</summary>
    private static Range StringOrSkip(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return new Range((int)reader.TokenStartIndex, (int)reader.BytesConsumed);
        }

        reader.Skip();
        return default;
    }

    /// <summary>The method's constant when it is one clients send all the time (no string made per request), else null.</summary>
    private static string? KnownMethod(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("tools/call"u8) ? McpMethods.ToolsCall
        : reader.ValueTextEquals("tools/list"u8) ? McpMethods.ToolsList
        : reader.ValueTextEquals("resources/read"u8) ? McpMethods.ResourcesRead
        : reader.ValueTextEquals("resources/list"u8) ? McpMethods.ResourcesList
        : reader.ValueTextEquals("prompts/get"u8) ? McpMethods.PromptsGet
        : reader.ValueTextEquals("prompts/list"u8) ? McpMethods.PromptsList
        : reader.ValueTextEquals("ping"u8) ? McpMethods.Ping
        : reader.ValueTextEquals("initialize"u8) ? McpMethods.Initialize
        : null;

    private static bool ParseAnswer(ReadOnlySpan<byte> line, out RawJsonRpcAnswerInfo info)
    {
        info = default;
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        long id = 0;
        int idStart = -1, idLength = 0;
        bool version = false, result = false, error = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("jsonrpc"u8))
            {
                if (version || !reader.Read() || reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("2.0"u8))
                {
                    return false;
                }

                version = true;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                if (idStart >= 0 || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out id))
                {
                    return false;
                }

                idStart = (int)reader.TokenStartIndex;
                idLength = (int)reader.BytesConsumed - idStart;
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                if (result || error)
                {
                    return false;
                }

                result = true;
                reader.Read();
                reader.Skip();
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                if (result || error || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                error = true;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                return false;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || !version || idStart < 0 || !(result || error))
        {
            return false;
        }

        info = new RawJsonRpcAnswerInfo(id, idStart, idLength, error);
        return true;
    }
}

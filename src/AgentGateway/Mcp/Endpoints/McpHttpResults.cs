using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using AgentGateway.Mcp.Protocol;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Endpoints;

/// <summary>Writes MCP answers to HTTP responses: JSON, SSE events, and JSON-RPC errors with their HTTP status.</summary>
internal static class McpHttpResults
{
    private static readonly byte[] s_eventPrefix = "event: message\ndata: "u8.ToArray();
    private static readonly byte[] s_eventSuffix = "\n\n"u8.ToArray();
    private static readonly byte[] s_keepAlive = ": keep-alive\n\n"u8.ToArray();

    /// <summary>Content type of JSON answers.</summary>
    public const string JsonContentType = "application/json";

    /// <summary>Content type of SSE answers.</summary>
    public const string EventStreamContentType = "text/event-stream";

    /// <summary>Writes one message as a JSON body.</summary>
    /// <remarks>
    /// Serialized first so that the answer carries a Content-Length: no chunked framing, and Kestrel sends headers
    /// and body in one write instead of adding a separate terminating chunk.
    /// </remarks>
    public static Task WriteJsonAsync(HttpResponse response, JsonRpcMessage message, CancellationToken cancellationToken)
    {
        var body = McpJson.Serialize(message);
        response.ContentType = JsonContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, cancellationToken).AsTask();
    }

    /// <summary>
    /// Writes an answer kept as bytes as a JSON body, with the client's <paramref name="id"/> in place of the upstream's,
    /// as the request's last write: not flushed here, the server sends it with the end of the response (one flush, and
    /// one send of headers and body, instead of a flush here and an empty one at the end).
    /// </summary>
    public static void WriteFinalJson(HttpResponse response, RawJsonRpcAnswer answer, ReadOnlySpan<byte> id)
    {
        response.ContentType = JsonContentType;
        response.ContentLength = answer.LengthWith(id);
        Write(response.BodyWriter, answer, id);
    }

    /// <summary>Writes <paramref name="answer"/> with <paramref name="id"/> in place of the upstream's id, unflushed.</summary>
    private static void Write(IBufferWriter<byte> writer, RawJsonRpcAnswer answer, ReadOnlySpan<byte> id)
    {
        var length = answer.LengthWith(id);
        answer.CopyTo(writer.GetSpan(length), id);
        writer.Advance(length);
    }

    /// <summary>Writes several messages as a JSON array body (answer to a batch).</summary>
    public static async Task WriteJsonArrayAsync(HttpResponse response, IReadOnlyList<JsonRpcMessage> messages, CancellationToken cancellationToken)
    {
        response.ContentType = JsonContentType;
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartArray();
        foreach (var m in messages)
        {
            McpJson.Write(writer, m);
        }

        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Starts an SSE response: headers that keep proxies from buffering it.</summary>
    public static async Task StartEventStreamAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.ContentType = EventStreamContentType;
        response.Headers.CacheControl = "no-cache, no-transform";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Writes one message as an SSE <c>message</c> event and flushes it.</summary>
    public static async Task WriteEventAsync(HttpResponse response, JsonRpcMessage message, CancellationToken cancellationToken)
    {
        WriteMessageEvent(response.BodyWriter, message);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>Writes an answer kept as bytes as an SSE <c>message</c> event, under the client's <paramref name="id"/>, and flushes it.</summary>
    public static ValueTask<FlushResult> WriteEventAsync(HttpResponse response, RawJsonRpcAnswer answer, ReadOnlySpan<byte> id, CancellationToken cancellationToken)
    {
        WriteAnswerEvent(response.BodyWriter, answer, id);
        return response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>One message as an SSE <c>message</c> event with the id of event <paramref name="sequence"/> of stream <paramref name="stream"/>.</summary>
    public static byte[] FormatEvent(int stream, long sequence, JsonRpcMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteEventId(buffer, stream, sequence);
        WriteMessageEvent(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An answer kept as bytes, under the client's <paramref name="id"/>, as an SSE <c>message</c> event with an id.</summary>
    public static byte[] FormatEvent(int stream, long sequence, RawJsonRpcAnswer answer, ReadOnlySpan<byte> id)
    {
        var buffer = new ArrayBufferWriter<byte>(answer.LengthWith(id) + 64);
        WriteEventId(buffer, stream, sequence);
        WriteAnswerEvent(buffer, answer, id);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes the event that primes a client to resume (2025-11-25): the id of the stream's current position, the
    /// reconnection delay, and empty data, and flushes it.
    /// </summary>
    public static async Task WritePrimingEventAsync(HttpResponse response, int stream, long sequence, CancellationToken cancellationToken)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"id: {McpEventId.Format(stream, sequence)}\nretry: {ReconnectDelayMilliseconds}\ndata: \n\n");
        await response.BodyWriter.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    /// <summary>Writes events formatted before (<see cref="FormatEvent(int, long, JsonRpcMessage)"/>) and flushes them.</summary>
    public static async Task WriteEventsAsync(HttpResponse response, IReadOnlyList<byte[]> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        foreach (var e in events)
        {
            response.BodyWriter.Write(e);
        }

        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>The reconnection delay the priming event asks of clients (SSE <c>retry</c>), in milliseconds.</summary>
    public const int ReconnectDelayMilliseconds = 1000;

    /// <summary>The <c>event</c> and <c>data</c> lines of a message event and its end, unflushed.</summary>
    private static void WriteMessageEvent(IBufferWriter<byte> writer, JsonRpcMessage message)
    {
        writer.Write(s_eventPrefix);
        using (var json = new Utf8JsonWriter(writer))
        {
            McpJson.Write(json, message);
        }

        writer.Write(s_eventSuffix);
    }

    /// <summary>The same for an answer kept as bytes, under the client's <paramref name="id"/>.</summary>
    private static void WriteAnswerEvent(IBufferWriter<byte> writer, RawJsonRpcAnswer answer, ReadOnlySpan<byte> id)
    {
        writer.Write(s_eventPrefix);
        Write(writer, answer, id);
        writer.Write(s_eventSuffix);
    }

    private static void WriteEventId(ArrayBufferWriter<byte> buffer, int stream, long sequence)
    {
        buffer.Write("id: "u8);
        buffer.Write(Encoding.ASCII.GetBytes(McpEventId.Format(stream, sequence)));
        buffer.Write("\n"u8);
    }

    /// <summary>Writes a named SSE event with raw text data (the legacy <c>endpoint</c> event).</summary>
    public static async Task WriteRawEventAsync(HttpResponse response, string eventName, string data, CancellationToken cancellationToken)
    {
        await response.BodyWriter.WriteAsync(Encoding.UTF8.GetBytes($"event: {eventName}\ndata: {data}\n\n"), cancellationToken);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>Writes an SSE comment that keeps idle connections open through proxies.</summary>
    public static async Task WriteKeepAliveAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        await response.BodyWriter.WriteAsync(s_keepAlive, cancellationToken);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Writes a transport-level failure: the HTTP status plus a JSON-RPC error without id, as the MCP SDKs do,
    /// so that both HTTP-aware and JSON-RPC-aware clients understand it.
    /// </summary>
    public static Task WriteErrorAsync(HttpResponse response, McpHttpError error, string message, CancellationToken cancellationToken)
    {
        var (status, code) = Map(error);
        response.StatusCode = status;
        if (error == McpHttpError.MethodNotAllowed)
        {
            response.Headers.Allow = "GET, POST, DELETE";
        }
        else if (error is McpHttpError.SessionLimitReached or McpHttpError.CallerSessionLimitReached)
        {
            // Room comes when a session ends: its client leaves, or it expires (checked every 10 s).
            response.Headers.RetryAfter = "10";
        }

        var body = new JsonRpcError { Id = default, Error = new JsonRpcErrorDetail { Code = code, Message = message } };
        return WriteJsonAsync(response, body, cancellationToken);
    }

    /// <summary>The single mapping of transport failures to HTTP status and JSON-RPC code.</summary>
    public static (int Status, int Code) Map(McpHttpError error) => error switch
    {
        McpHttpError.ParseError => (StatusCodes.Status400BadRequest, McpErrorCodes.ParseError),
        McpHttpError.InvalidRequest => (StatusCodes.Status400BadRequest, McpErrorCodes.InvalidRequest),
        McpHttpError.MissingSession => (StatusCodes.Status400BadRequest, McpErrorCodes.InvalidRequest),
        McpHttpError.UnsupportedProtocolVersion => (StatusCodes.Status400BadRequest, McpErrorCodes.UnsupportedProtocolVersion),
        McpHttpError.HeaderMismatch => (StatusCodes.Status400BadRequest, McpErrorCodes.HeaderMismatch),
        McpHttpError.SessionNotFound => (StatusCodes.Status404NotFound, McpErrorCodes.SessionNotFound),
        McpHttpError.MethodNotAllowed => (StatusCodes.Status405MethodNotAllowed, McpErrorCodes.InvalidRequest),
        McpHttpError.NotAcceptable => (StatusCodes.Status406NotAcceptable, McpErrorCodes.InvalidRequest),
        McpHttpError.StreamConflict => (StatusCodes.Status409Conflict, McpErrorCodes.InvalidRequest),
        McpHttpError.PayloadTooLarge => (StatusCodes.Status413PayloadTooLarge, McpErrorCodes.InvalidRequest),
        McpHttpError.UnsupportedMediaType => (StatusCodes.Status415UnsupportedMediaType, McpErrorCodes.InvalidRequest),
        McpHttpError.ForbiddenOrigin => (StatusCodes.Status403Forbidden, McpErrorCodes.InvalidRequest),
        McpHttpError.SessionLimitReached => (StatusCodes.Status503ServiceUnavailable, McpErrorCodes.SessionLimitReached),
        McpHttpError.CallerSessionLimitReached => (StatusCodes.Status429TooManyRequests, McpErrorCodes.CallerSessionLimitReached),
        _ => (StatusCodes.Status500InternalServerError, McpErrorCodes.InternalError),
    };
}

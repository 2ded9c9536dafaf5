using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using AgentGateway.Mcp.Protocol;
using Microsoft.AspNetCore.Http.Features;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Endpoints;

/// <summary>Reads and parses the JSON-RPC body of a POST: one message, or a batch (2025-03-26).</summary>
internal static class McpRequestBody
{
    /// <summary>The outcome of reading a body.</summary>
    /// <param name="Messages">The parsed messages; null on an error, or when the body was kept as <paramref name="Raw"/>.</param>
    /// <param name="IsBatch">Whether the body is a JSON array.</param>
    /// <param name="Error">What is wrong with the body, if anything.</param>
    /// <param name="ErrorMessage">The message of <paramref name="Error"/>.</param>
    /// <param name="Raw">The body as a request kept as bytes, when that was asked for and it is one.</param>
    public readonly record struct Result(IReadOnlyList<JsonRpcMessage>? Messages, bool IsBatch, McpHttpError? Error, string? ErrorMessage, RawJsonRpcRequest? Raw = null);

    /// <summary>Reads the whole body (up to <paramref name="limit"/> bytes) and parses it.</summary>
    public static ValueTask<Result> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken) =>
        ReadAsync(request, limit, keepRequestRaw: false, cancellationToken);

    /// <summary>
    /// Reads the whole body (up to <paramref name="limit"/> bytes); a single request is kept as bytes when
    /// <paramref name="keepRequestRaw"/> is true and <see cref="RawJsonRpc"/> takes it, anything else is parsed.
    /// </summary>
    public static async ValueTask<Result> ReadAsync(HttpRequest request, long limit, bool keepRequestRaw, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return new(null, false, McpHttpError.PayloadTooLarge, $"request body larger than {limit} bytes");
        }

        // Our limit rules this body: Kestrel's own (30 MB by default) would answer a larger configured one with a bare 413.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize && bodySize.MaxRequestBodySize < limit)
        {
            bodySize.MaxRequestBodySize = null;
        }

        var reader = request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(cancellationToken);
            if (read.Buffer.Length > limit)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                return new(null, false, McpHttpError.PayloadTooLarge, $"request body larger than {limit} bytes");
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                break;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        try
        {
            if (keepRequestRaw && !StartsWithArray(read.Buffer) && RawJsonRpc.TryParseRequest(read.Buffer.ToArray()) is { } raw)
            {
                return new(null, false, null, null, raw);
            }

            return Parse(read.Buffer);
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }
    }

    /// <summary>Parses a body already in memory: invalid JSON is a parse error, valid JSON that is not JSON-RPC an invalid request.</summary>
    /// <remarks>
    /// The common case, one message, is deserialized straight from the bytes; only batches and failures pay for
    /// a <see cref="JsonDocument"/>.
    /// </remarks>
    public static Result Parse(ReadOnlySequence<byte> body)
    {
        if (!StartsWithArray(body))
        {
            try
            {
                var reader = new Utf8JsonReader(body);
                var message = JsonSerializer.Deserialize(ref reader, McpJson.MessageTypeInfo);
                if (message is not null && !HasTrailingContent(ref reader))
                {
                    return new([message], false, null, null);
                }
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException)
            {
                // Classified below.
            }
        }

        return ParseSlow(body);
    }

    private static bool StartsWithArray(ReadOnlySequence<byte> body)
    {
        foreach (var segment in body)
        {
            foreach (var b in segment.Span)
            {
                if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                {
                    continue;
                }

                return b == (byte)'[';
            }
        }

        return false;
    }

    private static bool HasTrailingContent(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (JsonException)
        {
            return true;
        }
    }

    private static Result ParseSlow(ReadOnlySequence<byte> body)
    {
        JsonDocument document;
        try
        {
            var jsonReader = new Utf8JsonReader(body);
            document = JsonDocument.ParseValue(ref jsonReader);
            if (HasTrailingContent(ref jsonReader))
            {
                document.Dispose();
                return new(null, false, McpHttpError.ParseError, "Parse error: the body is not valid JSON");
            }
        }
        catch (JsonException)
        {
            return new(null, false, McpHttpError.ParseError, "Parse error: the body is not valid JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            try
            {
                if (root.ValueKind == JsonValueKind.Array)
                {
                    if (root.GetArrayLength() == 0)
                    {
                        return new(null, true, McpHttpError.InvalidRequest, "Invalid request: empty batch");
                    }

                    var list = new List<JsonRpcMessage>(root.GetArrayLength());
                    foreach (var element in root.EnumerateArray())
                    {
                        list.Add(McpJson.Deserialize(element) ?? throw new JsonException("null message"));
                    }

                    return new(list, true, null, null);
                }

                var message = McpJson.Deserialize(root);
                return message is null
                    ? new(null, false, McpHttpError.InvalidRequest, "Invalid request: the body is not a JSON-RPC message")
                    : new([message], false, null, null);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException)
            {
                return new(null, false, McpHttpError.InvalidRequest, "Invalid request: the body is not a valid JSON-RPC message");
            }
        }
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>
/// Reads the spans of an OTLP <c>ExportTraceServiceRequest</c> (protobuf wire format, opentelemetry-proto
/// <c>collector/trace/v1</c> and <c>trace/v1</c>): only the fields the tests look at, every other field skipped.
/// </summary>
public static class OtlpTraceDecoder
{
    /// <summary>The spans of one request body.</summary>
    public static IReadOnlyList<OtlpSpan> Decode(ReadOnlySpan<byte> request)
    {
        var spans = new List<OtlpSpan>();
        var reader = new Reader(request);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 1 && wireType == 2)
            {
                ReadResourceSpans(reader.Bytes(), spans); // ExportTraceServiceRequest.resource_spans
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return spans;
    }

    /// <summary>The message of a gRPC frame (1 byte compressed flag, 4 bytes big-endian length, the message).</summary>
    public static ReadOnlySpan<byte> UnframeGrpc(ReadOnlySpan<byte> body)
    {
        if (body.Length < 5 || body[0] != 0)
        {
            throw new InvalidDataException("expected one uncompressed gRPC message");
        }

        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body[1..5]);
        return body.Slice(5, length);
    }

    private static void ReadResourceSpans(ReadOnlySpan<byte> message, List<OtlpSpan> spans)
    {
        var reader = new Reader(message);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 2 && wireType == 2)
            {
                ReadScopeSpans(reader.Bytes(), spans); // ResourceSpans.scope_spans
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    private static void ReadScopeSpans(ReadOnlySpan<byte> message, List<OtlpSpan> spans)
    {
        var scope = "";
        var reader = new Reader(message);
        var pending = new List<byte[]>();
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 1 && wireType == 2)
            {
                scope = ReadScopeName(reader.Bytes()); // ScopeSpans.scope
            }
            else if (field == 2 && wireType == 2)
            {
                pending.Add(reader.Bytes().ToArray()); // ScopeSpans.spans
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        foreach (var span in pending)
        {
            spans.Add(ReadSpan(span, scope));
        }
    }

    private static string ReadScopeName(ReadOnlySpan<byte> message)
    {
        var reader = new Reader(message);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 1 && wireType == 2)
            {
                return Encoding.UTF8.GetString(reader.Bytes());
            }

            reader.Skip(wireType);
        }

        return "";
    }

    private static OtlpSpan ReadSpan(ReadOnlySpan<byte> message, string scope)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = OtlpSpanKind.Unspecified;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Reader(message);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, 2):
                    traceId = Convert.ToHexStringLower(reader.Bytes());
                    break;
                case (2, 2):
                    spanId = Convert.ToHexStringLower(reader.Bytes());
                    break;
                case (4, 2):
                    parent = Convert.ToHexStringLower(reader.Bytes());
                    break;
                case (5, 2):
                    name = Encoding.UTF8.GetString(reader.Bytes());
                    break;
                case (6, 0):
                    kind = (OtlpSpanKind)reader.Varint();
                    break;
                case (9, 2):
                    var (key, value) = ReadKeyValue(reader.Bytes());
                    attributes[key] = value;
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return new OtlpSpan(traceId, spanId, parent, name, kind, scope, attributes);
    }

    private static (string Key, string Value) ReadKeyValue(ReadOnlySpan<byte> message)
    {
        string key = "", value = "";
        var reader = new Reader(message);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 1 && wireType == 2)
            {
                key = Encoding.UTF8.GetString(reader.Bytes());
            }
            else if (field == 2 && wireType == 2)
            {
                value = ReadAnyValue(reader.Bytes());
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return (key, value);
    }

    /// <summary>An <c>AnyValue</c> as text: strings as they are, booleans and integers in invariant form.</summary>
    private static string ReadAnyValue(ReadOnlySpan<byte> message)
    {
        var reader = new Reader(message);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, 2):
                    return Encoding.UTF8.GetString(reader.Bytes());
                case (2, 0):
                    return reader.Varint() != 0 ? "true" : "false";
                case (3, 0):
                    return ((long)reader.Varint()).ToString(CultureInfo.InvariantCulture);
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return "";
    }

    /// <summary>A protobuf wire-format reader over one message.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public bool Next(out int field, out int wireType)
        {
            if (_position >= _data.Length)
            {
                field = wireType = 0;
                return false;
            }

            var tag = Varint();
            field = (int)(tag >> 3);
            wireType = (int)(tag & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = _data[_position++];
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }
            }

            throw new InvalidDataException("varint too long");
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var length = (int)Varint();
            var bytes = _data.Slice(_position, length);
            _position += length;
            return bytes;
        }

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case 0:
                    Varint();
                    break;
                case 1:
                    _position += 8;
                    break;
                case 2:
                    Bytes();
                    break;
                case 5:
                    _position += 4;
                    break;
                default:
                    throw new InvalidDataException($"unsupported wire type {wireType}");
            }
        }
    }
}

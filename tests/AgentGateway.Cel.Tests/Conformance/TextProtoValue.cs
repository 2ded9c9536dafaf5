using System.Text;

namespace AgentGateway.Cel.Tests.Conformance;

/// <summary>A field value: a scalar token (number, identifier, decoded string bytes) or a nested message.</summary>
internal sealed class TextProtoValue
{
    public string? Scalar { get; init; }

    public byte[]? StringBytes { get; init; }

    public TextProtoMessage? Message { get; init; }

    public string AsString() => StringBytes is not null ? Encoding.UTF8.GetString(StringBytes) : Scalar ?? string.Empty;
}

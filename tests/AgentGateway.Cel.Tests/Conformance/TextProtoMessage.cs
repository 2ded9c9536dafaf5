namespace AgentGateway.Cel.Tests.Conformance;

/// <summary>A parsed protobuf text-format message: an ordered list of fields, repeated names allowed.</summary>
internal sealed class TextProtoMessage
{
    public List<KeyValuePair<string, TextProtoValue>> Fields { get; } = [];

    public IEnumerable<TextProtoValue> All(string name)
    {
        foreach (var field in Fields)
        {
            if (field.Key == name)
            {
                yield return field.Value;
            }
        }
    }

    public TextProtoValue? Get(string name) => All(name).LastOrDefault();

    public string? GetString(string name) => Get(name)?.AsString();

    public bool GetBool(string name) => Get(name)?.Scalar is "true" or "True" or "t" or "1";

    public TextProtoMessage? GetMessage(string name) => Get(name)?.Message;
}

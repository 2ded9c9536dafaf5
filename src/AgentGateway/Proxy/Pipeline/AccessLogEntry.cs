using System.Collections;

namespace AgentGateway.Proxy.Pipeline;

/// <summary>
/// An access-log line with extra CEL fields: its properties are the structured fields (the JSON formatter writes each
/// one), and <see cref="ToString"/> the text line, with the extras appended as <c>name=value</c>.
/// </summary>
internal sealed class AccessLogEntry(string text, List<KeyValuePair<string, object?>> fields) : IReadOnlyList<KeyValuePair<string, object?>>
{
    /// <inheritdoc/>
    public int Count => fields.Count;

    /// <inheritdoc/>
    public KeyValuePair<string, object?> this[int index] => fields[index];

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => text;
}

using System.Collections;
using System.Globalization;
using System.Text;

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

    /// <summary>Formats the text line: the standard part, then the extra fields.</summary>
    public static string Format(string standard, IEnumerable<KeyValuePair<string, object?>> extras)
    {
        var builder = new StringBuilder(standard);
        foreach (var (name, value) in extras)
        {
            builder.Append(builder.Length == 0 ? "" : " ").Append(name).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => text;
}

using YamlDotNet.Core;

namespace AgentGateway.Config.Loading;

/// <summary>One node of a parsed YAML document, with where it starts and ends.</summary>
/// <remarks>
/// A small replacement for YamlDotNet's <c>YamlNode</c>: its mappings throw on the first duplicate key (so later
/// errors would go unreported) and block mappings have no useful end mark. Mapping entries keep every key,
/// duplicates included, in document order, and the binder reports them.
/// </remarks>
internal sealed class YamlValue
{
    private const int MaxQuotedLength = 60;

    private YamlValue(YamlValueKind kind, Mark start, Mark end)
    {
        Kind = kind;
        Start = start;
        End = end;
    }

    /// <summary>Scalar, list or mapping.</summary>
    public YamlValueKind Kind { get; }

    /// <summary>Position of the node's first character, in the parsed text.</summary>
    public Mark Start { get; }

    /// <summary>Position just past the node, in the parsed text.</summary>
    public Mark End { get; }

    /// <summary>The scalar's text; empty for lists and mappings.</summary>
    public string Text { get; private init; } = "";

    /// <summary>How the scalar was written (plain, quoted, block).</summary>
    public ScalarStyle Style { get; private init; }

    /// <summary>Whether the scalar carries an explicit tag such as <c>!!str</c>.</summary>
    public bool IsTagged { get; private init; }

    /// <summary>The list's items; empty for other kinds.</summary>
    public IReadOnlyList<YamlValue> Items { get; private init; } = [];

    /// <summary>The mapping's entries in document order, duplicates included; empty for other kinds.</summary>
    public IReadOnlyList<KeyValuePair<YamlValue, YamlValue>> Entries { get; private init; } = [];

    /// <summary>
    /// Whether this is a YAML null: an unquoted, untagged empty value, <c>~</c> or <c>null</c>. <c>''</c> is an empty string.
    /// </summary>
    public bool IsNull => Kind == YamlValueKind.Scalar && Style == ScalarStyle.Plain && !IsTagged
        && Text is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Creates a scalar.</summary>
    public static YamlValue Scalar(Mark start, Mark end, string text, ScalarStyle style, bool isTagged) =>
        new(YamlValueKind.Scalar, start, end) { Text = text, Style = style, IsTagged = isTagged };

    /// <summary>Creates a list.</summary>
    public static YamlValue Sequence(Mark start, Mark end, IReadOnlyList<YamlValue> items) =>
        new(YamlValueKind.Sequence, start, end) { Items = items };

    /// <summary>Creates a mapping.</summary>
    public static YamlValue Mapping(Mark start, Mark end, IReadOnlyList<KeyValuePair<YamlValue, YamlValue>> entries) =>
        new(YamlValueKind.Mapping, start, end) { Entries = entries };

    /// <summary>The node as error messages name it: <c>a mapping</c>, <c>a list</c>, <c>null</c> or the quoted text.</summary>
    public string Describe()
    {
        if (IsNull)
        {
            return "null";
        }

        return Kind switch
        {
            YamlValueKind.Mapping => "a mapping",
            YamlValueKind.Sequence => "a list",
            _ => Text.Length <= MaxQuotedLength ? $"'{Text}'" : $"'{Text[..MaxQuotedLength]}…'",
        };
    }
}

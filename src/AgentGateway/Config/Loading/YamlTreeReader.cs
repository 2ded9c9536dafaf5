using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AgentGateway.Config.Loading;

/// <summary>Parses YAML text into <see cref="YamlValue"/> nodes with YamlDotNet's event parser.</summary>
/// <remarks>
/// Anchors and aliases are resolved (an alias shares its anchor's node). YAML merge keys (<c>&lt;&lt;</c>) are not
/// expanded: the binder reports them. Syntax errors are thrown as <see cref="YamlException"/> with their position.
/// </remarks>
internal static class YamlTreeReader
{
    /// <summary>The deepest nesting accepted; a configuration is far shallower, and this bounds recursion.</summary>
    public const int MaxDepth = 64;

    /// <summary>Reads the only document of <paramref name="text"/>.</summary>
    /// <returns>The document's root node, or null when the text holds no document (empty, or only comments).</returns>
    /// <exception cref="YamlException">The text is not valid YAML, or holds more than one document.</exception>
    public static YamlValue? Read(string text)
    {
        using var reader = new StringReader(text);
        var parser = new Parser(reader);
        try
        {
            return ReadDocument(parser);
        }
        catch (Exception ex) when (ex is not YamlException)
        {
            // YamlDotNet's scanner throws a bare InvalidOperationException on some malformed input (for example an
            // unclosed flow sequence followed by a plain scalar); report it at the last position the parser reached.
            var mark = parser.Current?.End ?? Mark.Empty;
            throw new YamlException(mark, mark, "the YAML could not be parsed after this point; check brackets, quotes and indentation", ex);
        }
    }

    private static YamlValue? ReadDocument(IParser parser)
    {
        parser.Consume<StreamStart>();
        YamlValue? root = null;
        var documents = 0;
        while (!parser.Accept<StreamEnd>(out _))
        {
            var start = parser.Consume<DocumentStart>();
            if (++documents > 1)
            {
                throw new YamlException(start.Start, start.End,
                    "the configuration must be a single YAML document; remove the second document (after '---') or merge it into the first");
            }

            root = ReadNode(parser, new Dictionary<string, YamlValue>(StringComparer.Ordinal), depth: 0);
            parser.Consume<DocumentEnd>();
        }

        return root;
    }

    private static YamlValue ReadNode(IParser parser, Dictionary<string, YamlValue> anchors, int depth)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of the YAML stream");
        if (depth > MaxDepth)
        {
            throw new YamlException(current.Start, current.End, $"the configuration is nested more than {MaxDepth} levels deep");
        }

        YamlValue node;
        AnchorName anchor;
        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                return anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw new YamlException(alias.Start, alias.End,
                        $"alias '*{alias.Value.Value}' refers to no anchor defined before it; define '&{alias.Value.Value}' first");

            case Scalar scalar:
                parser.MoveNext();
                anchor = scalar.Anchor;
                node = YamlValue.Scalar(scalar.Start, scalar.End, scalar.Value, scalar.Style, !scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific);
                break;

            case SequenceStart sequenceStart:
                parser.MoveNext();
                anchor = sequenceStart.Anchor;
                var items = new List<YamlValue>();
                while (!parser.Accept<SequenceEnd>(out _))
                {
                    items.Add(ReadNode(parser, anchors, depth + 1));
                }

                node = YamlValue.Sequence(sequenceStart.Start, parser.Consume<SequenceEnd>().End, items);
                break;

            case MappingStart mappingStart:
                parser.MoveNext();
                anchor = mappingStart.Anchor;
                var entries = new List<KeyValuePair<YamlValue, YamlValue>>();
                while (!parser.Accept<MappingEnd>(out _))
                {
                    var key = ReadNode(parser, anchors, depth + 1);
                    var value = ReadNode(parser, anchors, depth + 1);
                    entries.Add(new(key, value));
                }

                node = YamlValue.Mapping(mappingStart.Start, parser.Consume<MappingEnd>().End, entries);
                break;

            default:
                throw new YamlException(current.Start, current.End, $"unexpected YAML event {current.GetType().Name}");
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }
}

using System.Text;

namespace AgentGateway.Cel.Parsing;

/// <summary>Expression text with line bookkeeping, to report errors as 1-based line and column.</summary>
internal sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string text)
    {
        Text = text;
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    public string Text { get; }

    public (int Line, int Column) GetLocation(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        int line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return (line + 1, offset - _lineStarts[line] + 1);
    }

    /// <summary>Builds the exception for an error at <paramref name="offset"/>, with the line and a caret under the column.</summary>
    public CelCompileException Error(int offset, string reason)
    {
        var (line, column) = GetLocation(offset);
        int start = _lineStarts[line - 1];
        int end = line < _lineStarts.Length ? _lineStarts[line] - 1 : Text.Length;
        string lineText = Text[start..end].TrimEnd('\r');
        var sb = new StringBuilder();
        sb.Append(line).Append(':').Append(column).Append(": ").Append(reason).Append('\n');
        sb.Append(" | ").Append(lineText.Replace('\t', ' ')).Append('\n');
        sb.Append(" | ").Append('.', column - 1).Append('^');
        return new CelCompileException(reason, line, column, sb.ToString());
    }
}

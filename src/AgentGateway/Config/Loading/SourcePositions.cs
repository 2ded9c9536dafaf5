using YamlDotNet.Core;

namespace AgentGateway.Config.Loading;

/// <summary>
/// Turns positions in the parsed (expanded) text into lines and columns of the file as written, so that errors
/// point at the right column even after <c>${VAR}</c> expansion changed the length of a line (or added lines).
/// </summary>
internal sealed class SourcePositions
{
    private readonly IReadOnlyList<TextSubstitution> _substitutions;
    private readonly List<int> _lineStarts = [0];

    /// <summary>Creates the map for <paramref name="originalText"/> expanded with <paramref name="substitutions"/>.</summary>
    public SourcePositions(string originalText, IReadOnlyList<TextSubstitution> substitutions)
    {
        _substitutions = substitutions;
        if (substitutions.Count == 0)
        {
            return;
        }

        for (var i = 0; i < originalText.Length; i++)
        {
            var c = originalText[i];
            if (c == '\n' || (c == '\r' && (i + 1 == originalText.Length || originalText[i + 1] != '\n')))
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>The 1-based line and column, in the original text, of <paramref name="mark"/> in the parsed text.</summary>
    public (int Line, int Column) Locate(Mark mark) =>
        _substitutions.Count == 0 ? ((int)mark.Line, (int)mark.Column) : LocateOriginal(ToOriginal(mark.Index));

    /// <summary>The 1-based line and column of an offset of the original text.</summary>
    public (int Line, int Column) LocateOriginal(long offset)
    {
        var line = _lineStarts.BinarySearch((int)Math.Min(offset, int.MaxValue));
        if (line < 0)
        {
            line = ~line - 1;
        }

        return (line + 1, (int)(offset - _lineStarts[line]) + 1);
    }

    private long ToOriginal(long expanded)
    {
        // The last substitution that starts at or before the offset decides the shift.
        int low = 0, high = _substitutions.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (_substitutions[middle].ExpandedStart <= expanded)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        if (found < 0)
        {
            return expanded;
        }

        var substitution = _substitutions[found];
        return expanded < substitution.ExpandedEnd
            ? substitution.OriginalStart
            : expanded - substitution.ExpandedEnd + substitution.OriginalEnd;
    }
}

using System.Globalization;

namespace AgentGateway.Config.Loading;

/// <summary>
/// Parses durations as the reference writes them: one or more <c>number unit</c> pairs, units <c>ms</c>, <c>s</c>,
/// <c>m</c>, <c>h</c> and <c>d</c>, e.g. <c>500ms</c>, <c>10s</c>, <c>30m</c>, <c>1h30m</c>, <c>1.5h</c>, <c>1d</c>.
/// </summary>
internal static class DurationParser
{
    /// <summary>How durations are written, for error messages.</summary>
    public const string Format = "a number followed by a unit (ms, s, m, h or d), e.g. 500ms, 10s, 30m, 1h30m";

    private static readonly (string Unit, long Milliseconds)[] s_units = [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)];

    /// <summary>Parses <paramref name="text"/>; false when it is not a duration (a bare number has no unit and is refused).</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }

        var totalMilliseconds = 0d;
        var i = 0;
        while (i < span.Length)
        {
            var numberStart = i;
            while (i < span.Length && (char.IsAsciiDigit(span[i]) || span[i] == '.'))
            {
                i++;
            }

            var unitStart = i;
            while (i < span.Length && char.IsAsciiLetterLower(span[i]))
            {
                i++;
            }

            if (unitStart == numberStart
                || !double.TryParse(span[numberStart..unitStart], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            double unitMilliseconds = span[unitStart..i] switch
            {
                "ms" => 1,
                "s" => 1_000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                _ => 0,
            };
            if (unitMilliseconds == 0)
            {
                return false;
            }

            totalMilliseconds += number * unitMilliseconds;
        }

        if (totalMilliseconds >= TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(totalMilliseconds);
        return true;
    }

    /// <summary>
    /// Writes a duration the way it is written in the file: <c>30m</c>, <c>1h30m</c>, <c>1d</c>, <c>500ms</c>
    /// (whole milliseconds; <see cref="TryParse"/> reads it back to the same value).
    /// </summary>
    public static string ToText(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new System.Text.StringBuilder();
        var milliseconds = (long)value.TotalMilliseconds;
        foreach (var (unit, size) in s_units)
        {
            if (milliseconds >= size)
            {
                text.Append((milliseconds / size).ToString(CultureInfo.InvariantCulture)).Append(unit);
                milliseconds %= size;
            }
        }

        return text.Length == 0 ? "0s" : text.ToString();
    }
}

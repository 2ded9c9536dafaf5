using System.Globalization;

namespace AgentGateway.Hosting.Tokens;

/// <summary>Parses the durations of <c>agentgateway token</c>: <c>90s</c>, <c>15m</c>, <c>1h</c>, <c>1h30m</c>, <c>7d</c>.</summary>
/// <remarks>
/// Units are <c>s</c>, <c>m</c>, <c>h</c> and <c>d</c>, combined largest first as in Go's durations; a bare number is
/// seconds. A leading <c>-</c> makes the duration negative, which mints an already expired token (to see a 401).
/// </remarks>
internal static class TokenDuration
{
    private static readonly TimeSpan s_max = TimeSpan.FromDays(3650);

    /// <summary>Parses <paramref name="text"/>; false when it is not a duration.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        var negative = span.StartsWith("-");
        if (negative || span.StartsWith("+"))
        {
            span = span[1..];
        }

        if (span.IsEmpty)
        {
            return false;
        }

        if (long.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var bareSeconds))
        {
            if (bareSeconds > s_max.TotalSeconds)
            {
                return false;
            }

            duration = TimeSpan.FromSeconds(negative ? -bareSeconds : bareSeconds);
            return true;
        }

        var total = TimeSpan.Zero;
        var lastUnit = TimeSpan.MaxValue;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && char.IsAsciiDigit(span[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits == span.Length || digits > 9)
            {
                return false;
            }

            var unit = span[digits] switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                _ => TimeSpan.Zero,
            };

            // Each unit once, largest first: "1h30m", not "30m1h" or "1h1h".
            if (unit == TimeSpan.Zero || unit >= lastUnit)
            {
                return false;
            }

            lastUnit = unit;
            total += unit * int.Parse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture);
            if (total > s_max)
            {
                return false;
            }

            span = span[(digits + 1)..];
        }

        duration = negative ? -total : total;
        return true;
    }
}

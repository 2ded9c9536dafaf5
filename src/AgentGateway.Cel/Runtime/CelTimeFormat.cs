using System.Globalization;
using System.Text;

namespace AgentGateway.Cel.Runtime;

/// <summary>Parsing and printing of timestamps (RFC 3339) and durations (Go duration syntax), as cel-go does.</summary>
internal static class CelTimeFormat
{
    /// <summary>RFC 3339 in UTC with the fraction trimmed of trailing zeros (Go's <c>RFC3339Nano</c>).</summary>
    public static string FormatTimestamp(long seconds, int nanos)
    {
        long days = FloorDiv(seconds, 86400);
        long secOfDay = seconds - (days * 86400);
        var (year, month, day) = CivilFromDays(days);
        var sb = new StringBuilder(35);
        sb.Append(year.ToString("0000", CultureInfo.InvariantCulture)).Append('-')
          .Append(month.ToString("00", CultureInfo.InvariantCulture)).Append('-')
          .Append(day.ToString("00", CultureInfo.InvariantCulture)).Append('T')
          .Append((secOfDay / 3600).ToString("00", CultureInfo.InvariantCulture)).Append(':')
          .Append((secOfDay / 60 % 60).ToString("00", CultureInfo.InvariantCulture)).Append(':')
          .Append((secOfDay % 60).ToString("00", CultureInfo.InvariantCulture));
        if (nanos != 0)
        {
            sb.Append('.').Append(nanos.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0'));
        }

        return sb.Append('Z').ToString();
    }

    /// <summary>Seconds with the shortest exact fraction and an <c>s</c> suffix, e.g. <c>1.5s</c>.</summary>
    public static string FormatDuration(long nanos)
    {
        var sb = new StringBuilder();
        ulong abs = nanos < 0 ? (ulong)(-(nanos + 1)) + 1 : (ulong)nanos;
        if (nanos < 0)
        {
            sb.Append('-');
        }

        sb.Append((abs / 1_000_000_000).ToString(CultureInfo.InvariantCulture));
        ulong frac = abs % 1_000_000_000;
        if (frac != 0)
        {
            sb.Append('.').Append(frac.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0'));
        }

        return sb.Append('s').ToString();
    }

    /// <summary>Parses RFC 3339 (<c>2009-02-13T23:31:30.123Z</c>, <c>...+01:00</c>).</summary>
    public static bool TryParseTimestamp(string s, out long seconds, out int nanos)
    {
        seconds = 0;
        nanos = 0;
        int p = 0;
        if (!Digits(s, ref p, 4, out int year) || !Expect(s, ref p, '-') || !Digits(s, ref p, 2, out int month)
            || !Expect(s, ref p, '-') || !Digits(s, ref p, 2, out int day)
            || !(Expect(s, ref p, 'T') || Expect(s, ref p, 't'))
            || !Digits(s, ref p, 2, out int hour) || !Expect(s, ref p, ':') || !Digits(s, ref p, 2, out int minute)
            || !Expect(s, ref p, ':') || !Digits(s, ref p, 2, out int second))
        {
            return false;
        }

        if (p < s.Length && s[p] == '.')
        {
            p++;
            int start = p;
            long frac = 0;
            while (p < s.Length && char.IsAsciiDigit(s[p]))
            {
                if (p - start < 9)
                {
                    frac = (frac * 10) + (s[p] - '0');
                }

                p++;
            }

            int count = p - start;
            if (count == 0)
            {
                return false;
            }

            for (int i = count; i < 9; i++)
            {
                frac *= 10;
            }

            nanos = (int)frac;
        }

        int offsetSeconds;
        if (p < s.Length && (s[p] == 'Z' || s[p] == 'z'))
        {
            p++;
            offsetSeconds = 0;
        }
        else if (p < s.Length && (s[p] == '+' || s[p] == '-'))
        {
            int sign = s[p] == '-' ? -1 : 1;
            p++;
            if (!Digits(s, ref p, 2, out int oh) || !Expect(s, ref p, ':') || !Digits(s, ref p, 2, out int om) || oh > 23 || om > 59)
            {
                return false;
            }

            offsetSeconds = sign * ((oh * 3600) + (om * 60));
        }
        else
        {
            return false;
        }

        if (p != s.Length || month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        seconds = (DaysFromCivil(year, month, day) * 86400) + (hour * 3600) + (minute * 60) + second - offsetSeconds;
        return true;
    }

    /// <summary>Parses Go duration syntax: <c>[-+]?([0-9]*(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+</c> or <c>0</c>.</summary>
    public static bool TryParseDuration(string s, out long nanos)
    {
        nanos = 0;
        int p = 0;
        bool negative = false;
        if (p < s.Length && (s[p] == '-' || s[p] == '+'))
        {
            negative = s[p] == '-';
            p++;
        }

        if (s.AsSpan(p).SequenceEqual("0"))
        {
            return true;
        }

        if (p == s.Length)
        {
            return false;
        }

        Int128 total = 0;
        Int128 limit = (Int128)long.MaxValue + 1;
        while (p < s.Length)
        {
            Int128 whole = 0;
            int start = p;
            while (p < s.Length && char.IsAsciiDigit(s[p]))
            {
                whole = (whole * 10) + (s[p] - '0');
                if (whole > limit)
                {
                    return false;
                }

                p++;
            }

            bool hasWhole = p > start;
            Int128 frac = 0;
            Int128 scale = 1;
            bool hasFrac = false;
            if (p < s.Length && s[p] == '.')
            {
                p++;
                int fracStart = p;
                while (p < s.Length && char.IsAsciiDigit(s[p]))
                {
                    if (scale < 1_000_000_000_000_000_000L)
                    {
                        frac = (frac * 10) + (s[p] - '0');
                        scale *= 10;
                    }

                    p++;
                }

                hasFrac = p > fracStart;
            }

            if (!hasWhole && !hasFrac)
            {
                return false;
            }

            int unitStart = p;
            while (p < s.Length && s[p] != '.' && !char.IsAsciiDigit(s[p]))
            {
                p++;
            }

            long unit = s[unitStart..p] switch
            {
                "ns" => 1,
                "us" or "\u00b5s" or "\u03bcs" => 1_000,
                "ms" => 1_000_000,
                "s" => 1_000_000_000,
                "m" => 60_000_000_000,
                "h" => 3_600_000_000_000,
                _ => 0,
            };
            if (unit == 0)
            {
                return false;
            }

            total += (whole * unit) + (frac * unit / scale);
            if (total > limit)
            {
                return false;
            }
        }

        if (negative)
        {
            total = -total;
        }

        if (total > long.MaxValue || total < long.MinValue)
        {
            return false;
        }

        nanos = (long)total;
        return true;
    }

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).</summary>
    public static long DaysFromCivil(long y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        long era = FloorDiv(y, 400);
        long yoe = y - (era * 400);
        long doy = ((153 * (m + (m > 2 ? -3 : 9))) + 2) / 5 + d - 1;
        long doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        return (era * 146097) + doe - 719468;
    }

    public static (long Year, int Month, int Day) CivilFromDays(long z)
    {
        z += 719468;
        long era = FloorDiv(z, 146097);
        long doe = z - (era * 146097);
        long yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
        long y = yoe + (era * 400);
        long doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        long mp = ((5 * doy) + 2) / 153;
        int d = (int)(doy - (((153 * mp) + 2) / 5) + 1);
        int m = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (m <= 2 ? y + 1 : y, m, d);
    }

    public static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    private static bool Digits(string s, ref int p, int count, out int value)
    {
        value = 0;
        if (p + count > s.Length)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            char c = s[p + i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        p += count;
        return true;
    }

    private static bool Expect(string s, ref int p, char c)
    {
        if (p < s.Length && s[p] == c)
        {
            p++;
            return true;
        }

        return false;
    }
}

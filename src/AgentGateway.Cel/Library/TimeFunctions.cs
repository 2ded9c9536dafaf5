using System.Globalization;
using AgentGateway.Cel.Compilation;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Library;

/// <summary>
/// Timestamp and duration accessors (<c>getFullYear</c>, <c>getHours</c>, ...). Timestamp accessors take an optional
/// time zone: an IANA name (<c>'Europe/Paris'</c>) or a UTC offset (<c>'+05:30'</c>, <c>'-02:00'</c>).
/// </summary>
internal static class TimeFunctions
{
    private enum Field
    {
        FullYear,
        Month,
        Date,
        DayOfMonth,
        DayOfWeek,
        DayOfYear,
        Hours,
        Minutes,
        Seconds,
        Milliseconds,
    }

    public static void Register(FunctionRegistry registry)
    {
        Add(registry, "getFullYear", Field.FullYear);
        Add(registry, "getMonth", Field.Month);
        Add(registry, "getDate", Field.Date);
        Add(registry, "getDayOfMonth", Field.DayOfMonth);
        Add(registry, "getDayOfWeek", Field.DayOfWeek);
        Add(registry, "getDayOfYear", Field.DayOfYear);
        Add(registry, "getHours", Field.Hours);
        Add(registry, "getMinutes", Field.Minutes);
        Add(registry, "getSeconds", Field.Seconds);
        Add(registry, "getMilliseconds", Field.Milliseconds);
    }

    private static void Add(FunctionRegistry registry, string name, Field field)
    {
        registry.Receiver(name, (in CelValue a) => a.Kind switch
        {
            CelValueKind.Timestamp => TimestampField(a, field, TimeSpan.Zero),
            CelValueKind.Duration => DurationField(a.Bits, field, name),
            _ => CelErrors.NoSuchOverload(name, a),
        });
        registry.Receiver(name, (in CelValue a, in CelValue tz) =>
        {
            if (a.Kind != CelValueKind.Timestamp || tz.Kind != CelValueKind.String)
            {
                return CelErrors.NoSuchOverload(name, a, tz);
            }

            return TryGetOffset(tz.StringValue, a, out var offset, out var error) ? TimestampField(a, field, offset) : error;
        });
    }

    private static CelValue DurationField(long nanos, Field field, string name) => field switch
    {
        Field.Hours => CelValue.FromInt64(nanos / 3_600_000_000_000),
        Field.Minutes => CelValue.FromInt64(nanos / 60_000_000_000),
        Field.Seconds => CelValue.FromInt64(nanos / 1_000_000_000),
        Field.Milliseconds => CelValue.FromInt64(nanos / 1_000_000 % 1000),
        _ => CelErrors.NoSuchOverload(name, CelValue.ForDuration(nanos)),
    };

    private static CelValue TimestampField(in CelValue ts, Field field, TimeSpan offset)
    {
        long local = ts.Bits + (long)offset.TotalSeconds;
        long days = CelTimeFormat.FloorDiv(local, 86400);
        long secondOfDay = local - (days * 86400);
        var (year, month, day) = CelTimeFormat.CivilFromDays(days);
        return field switch
        {
            Field.FullYear => CelValue.FromInt64(year),
            Field.Month => CelValue.FromInt64(month - 1),
            Field.Date => CelValue.FromInt64(day),
            Field.DayOfMonth => CelValue.FromInt64(day - 1),
            Field.DayOfWeek => CelValue.FromInt64(((days % 7) + 11) % 7), // 1970-01-01 was a Thursday (4).
            Field.DayOfYear => CelValue.FromInt64(days - CelTimeFormat.DaysFromCivil(year, 1, 1)),
            Field.Hours => CelValue.FromInt64(secondOfDay / 3600),
            Field.Minutes => CelValue.FromInt64(secondOfDay / 60 % 60),
            Field.Seconds => CelValue.FromInt64(secondOfDay % 60),
            _ => CelValue.FromInt64(ts.Nanos / 1_000_000),
        };
    }

    /// <summary>Resolves a time zone argument: <c>[+-]HH:MM</c> offsets (as cel-go parses them) or an IANA zone name.</summary>
    private static bool TryGetOffset(string tz, in CelValue ts, out TimeSpan offset, out CelValue error)
    {
        offset = TimeSpan.Zero;
        error = default;
        int colon = tz.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            if (!int.TryParse(tz.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int hours)
                || !int.TryParse(tz.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int minutes)
                || minutes > 59 || Math.Abs(hours) > 23)
            {
                error = CelErrors.Of($"invalid time zone offset '{tz}'");
                return false;
            }

            int total = tz.StartsWith('-') ? (hours * 60) - minutes : (hours * 60) + minutes;
            offset = TimeSpan.FromMinutes(total);
            return true;
        }

        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(tz);
            offset = zone.GetUtcOffset(CelTime.ToDateTimeOffset(ts));
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            error = CelErrors.Of($"unknown time zone '{tz}'");
            return false;
        }
    }
}

using System.Globalization;

namespace AgentGateway.Cel.Runtime;

/// <summary>Number formatting that matches cel-go (Go's <c>strconv.FormatFloat(f, 'g', -1, 64)</c>).</summary>
internal static class CelNumberFormat
{
    /// <summary>Shortest round-trip digits; exponent form when the decimal exponent is below -4 or at least 6 (Go <c>%g</c>).</summary>
    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(d))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(d))
        {
            return "-Inf";
        }

        if (d == 0)
        {
            return double.IsNegative(d) ? "-0" : "0";
        }

        // "R" gives the shortest round-trip digits; re-lay them out the way Go does.
        string r = d.ToString("R", CultureInfo.InvariantCulture);
        bool negative = r[0] == '-';
        if (negative)
        {
            r = r[1..];
        }

        // Split r into digits and decimal exponent: value = 0.d1d2d3... * 10^pointPos
        int ePos = r.IndexOfAny(['E', 'e']);
        string mantissa = ePos >= 0 ? r[..ePos] : r;
        int exp10 = ePos >= 0 ? int.Parse(r[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits = dot >= 0 ? mantissa.Remove(dot, 1) : mantissa;
        int pointPos = (dot >= 0 ? dot : mantissa.Length) + exp10;
        int leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..];
        pointPos -= leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        int exponent = pointPos - 1;
        string text;
        if (exponent < -4 || exponent >= 6)
        {
            string frac = digits.Length > 1 ? "." + digits[1..] : string.Empty;
            string expText = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            text = $"{digits[0]}{frac}e{(exponent < 0 ? '-' : '+')}{expText}";
        }
        else if (pointPos <= 0)
        {
            text = "0." + new string('0', -pointPos) + digits;
        }
        else if (pointPos >= digits.Length)
        {
            text = digits + new string('0', pointPos - digits.Length);
        }
        else
        {
            text = digits[..pointPos] + "." + digits[pointPos..];
        }

        return negative ? "-" + text : text;
    }
}

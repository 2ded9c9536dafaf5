using System.Globalization;

namespace AgentGateway.Config.Validation;

/// <summary>Reads a sampling setting (<c>randomSampling</c>, <c>clientSampling</c>): <c>true</c>, <c>false</c> or a number from 0 to 1.</summary>
internal static class SamplingRatio
{
    /// <summary>The ratio written in <paramref name="text"/> (true → 1, false → 0); false when it is none of those.</summary>
    public static bool TryParse(string text, out double ratio)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (bool.TryParse(text, out var all))
        {
            ratio = all ? 1 : 0;
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out ratio) && ratio is >= 0 and <= 1;
    }

    /// <summary>The ratio of a validated setting, or <paramref name="defaultRatio"/> when it is not set.</summary>
    public static double Parse(string? text, double defaultRatio) =>
        text is null ? defaultRatio
        : TryParse(text, out var ratio) ? ratio
        : throw new ArgumentException($"'{text}' is not a sampling ratio; validate the configuration first", nameof(text));
}

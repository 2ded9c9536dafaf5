using AgentGateway.Config.Loading;

namespace AgentGateway.Tests.Config;

/// <summary><see cref="DurationParser.ToText"/>: durations written back as the file writes them (config dump, schema defaults).</summary>
public sealed class DurationTextTests
{
    [Theory]
    [InlineData(30 * 60_000L, "30m")]
    [InlineData(90 * 60_000L, "1h30m")]
    [InlineData(86_400_000L, "1d")]
    [InlineData(500L, "500ms")]
    [InlineData(61_500L, "1m1s500ms")]
    [InlineData(0L, "0s")]
    public void ToText_WritesWhatTryParseReadsBack(long milliseconds, string expected)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);

        var text = DurationParser.ToText(value);

        Assert.Equal(expected, text);
        Assert.True(DurationParser.TryParse(text, out var parsed));
        Assert.Equal(value, parsed);
    }
}

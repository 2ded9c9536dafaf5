using AgentGateway.Config.Loading;

namespace AgentGateway.Tests.Config;

public sealed class DurationParserTests
{
    public static TheoryData<string, TimeSpan> ValidDurations => new()
    {
        { "500ms", TimeSpan.FromMilliseconds(500) },
        { "10s", TimeSpan.FromSeconds(10) },
        { "30m", TimeSpan.FromMinutes(30) },
        { "1h", TimeSpan.FromHours(1) },
        { "1h30m", TimeSpan.FromMinutes(90) },
        { "1d", TimeSpan.FromDays(1) },
        { "1.5h", TimeSpan.FromMinutes(90) },
        { "2m30s", TimeSpan.FromSeconds(150) },
        { "1s500ms", TimeSpan.FromMilliseconds(1500) },
        { "0s", TimeSpan.Zero },
        { " 5s ", TimeSpan.FromSeconds(5) },
    };

    [Theory]
    [MemberData(nameof(ValidDurations))]
    public void TryParse_ValidDuration_ReturnsValue(string text, TimeSpan expected)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("s")]
    [InlineData("10x")]
    [InlineData("10 s")]
    [InlineData("-5s")]
    [InlineData("1.2.3s")]
    [InlineData("10S")]
    [InlineData("99999999999d")]
    public void TryParse_InvalidDuration_ReturnsFalse(string text) =>
        Assert.False(DurationParser.TryParse(text, out _));
}

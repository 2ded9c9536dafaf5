using AgentGateway.Hosting.Tokens;

namespace AgentGateway.Tests.Hosting;

public sealed class TokenDurationTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1d2h3m4s", 93784)]
    [InlineData("3600", 3600)]
    [InlineData("0", 0)]
    [InlineData("-5m", -300)]
    [InlineData("+5m", 300)]
    [InlineData(" 1h ", 3600)]
    public void TryParse_Valid(string text, long seconds)
    {
        Assert.True(TokenDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("h")]
    [InlineData("1x")]
    [InlineData("1H")]
    [InlineData("1.5h")]
    [InlineData("30m1h")]
    [InlineData("1h1h")]
    [InlineData("1h 30m")]
    [InlineData("PT1H")]
    [InlineData("99999999999d")]
    [InlineData("4000d")]
    public void TryParse_Invalid(string text) => Assert.False(TokenDuration.TryParse(text, out _));
}

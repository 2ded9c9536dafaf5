using AgentGateway.Config.Loading;

namespace AgentGateway.Tests.Config;

public sealed class KeySuggesterTests
{
    private static readonly string[] s_keys = ["targets", "statefulMode", "prefixMode", "failureMode", "port", "policies"];

    [Theory]
    [InlineData("targts", "targets")]
    [InlineData("tragets", "targets")]
    [InlineData("Targets", "targets")]
    [InlineData("stateful_mode", "statefulMode")]
    [InlineData("prefix-mode", "prefixMode")]
    [InlineData("prot", "port")]
    [InlineData("polices", "policies")]
    public void Suggest_CloseKey_ReturnsIt(string key, string expected) =>
        Assert.Equal(expected, KeySuggester.Suggest(key, s_keys));

    [Theory]
    [InlineData("colour")]
    [InlineData("x")]
    [InlineData("listeners")]
    public void Suggest_NothingClose_ReturnsNull(string key) =>
        Assert.Null(KeySuggester.Suggest(key, s_keys));
}

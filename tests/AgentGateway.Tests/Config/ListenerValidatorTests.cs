using static AgentGateway.Tests.Config.ConfigTestLoader;

namespace AgentGateway.Tests.Config;

public sealed class ListenerValidatorTests
{
    private const string Routes = "routes: [{" + Backend + "}]";

    public static TheoryData<string, int, string, string> Errors => new()
    {
        { ListenerYaml($"protocol: HTTPS\n{Routes}"), 4, "binds[0].listeners[0].protocol", "protocol HTTPS needs 'tls' with the certificate" },
        { ListenerYaml("name: main"), 4, "binds[0].listeners[0].routes", "a listener needs at least one route" },
        { ListenerYaml("name: main\nroutes: []"), 5, "binds[0].listeners[0].routes", "a listener needs at least one route" },
        { ListenerYaml($"hostname: http://example.com\n{Routes}"), 4, "binds[0].listeners[0].hostname", "hostname 'http://example.com' is not a host name" },
        { ListenerYaml($"hostname: example.com:80\n{Routes}"), 4, "binds[0].listeners[0].hostname", "without scheme, port or path" },
        { ListenerYaml($"hostname: '*'\n{Routes}"), 4, "binds[0].listeners[0].hostname", "hostname '*' is not a host name" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Validate_InvalidListener_ReportsLinePathAndMessage(string yaml, int line, string path, string message) =>
        AssertSingleError(yaml, line, path, message);

    [Theory]
    [InlineData("example.com")]
    [InlineData("*.example.com")]
    [InlineData("localhost")]
    [InlineData("10.0.0.1")]
    public void Validate_ValidHostname_IsAccepted(string hostname)
    {
        var config = LoadValid(ListenerYaml($"hostname: '{hostname}'\n{Routes}"));

        Assert.Equal(hostname, config.Binds[0].Listeners[0].Hostname);
    }
}

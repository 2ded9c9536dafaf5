using AgentGateway.Config.Model;
using static AgentGateway.Tests.Config.ConfigTestLoader;

namespace AgentGateway.Tests.Config;

public sealed class TracingValidatorTests
{
    public static TheoryData<string, int, string, string> Errors => new()
    {
        { StaticYaml("tracing: {randomSampling: true}"), 2, "config.tracing.otlpEndpoint", "otlpEndpoint is required" },
        { StaticYaml("tracing: {otlpEndpoint: localhost:4317}"), 2, "config.tracing.otlpEndpoint", "invalid otlpEndpoint 'localhost:4317'; write an absolute http:// or https:// URL" },
        { StaticYaml("tracing: {otlpEndpoint: /v1/traces}"), 2, "config.tracing.otlpEndpoint", "invalid otlpEndpoint '/v1/traces'" },
        { StaticYaml("tracing: {otlpEndpoint: 'grpc://collector:4317'}"), 2, "config.tracing.otlpEndpoint", "invalid otlpEndpoint 'grpc://collector:4317'" },
        { StaticYaml("tracing: {otlpEndpoint: 'http://user:pw@collector:4317'}"), 2, "config.tracing.otlpEndpoint", "must not carry user info, a query or a fragment" },
        { StaticYaml("tracing: {otlpEndpoint: 'http://collector:4317', randomSampling: 1.5}"), 2, "config.tracing.randomSampling", "invalid sampling value '1.5'; use true, false or a number from 0 to 1" },
        { StaticYaml("tracing: {otlpEndpoint: 'http://collector:4317', randomSampling: -0.1}"), 2, "config.tracing.randomSampling", "invalid sampling value '-0.1'" },
        { StaticYaml("tracing: {otlpEndpoint: 'http://collector:4317', randomSampling: 'request.path == \"/mcp\"'}"), 2, "config.tracing.randomSampling", "(CEL expressions are not supported)" },
        { StaticYaml("tracing: {otlpEndpoint: 'http://collector:4317', clientSampling: yes}"), 2, "config.tracing.clientSampling", "invalid sampling value 'yes'" },
        { StaticYaml("tracing: {otlpEndpoint: 'http://collector:4317', headers: {'bad header': x}}"), 2, "config.tracing.headers.bad header", "'bad header' is not a valid HTTP header name" },
        { StaticYaml("tracing: {otlpEndpoint: 'http://collector:4318', otlpProtocol: http, path: v1/traces}"), 2, "config.tracing.path", "invalid path 'v1/traces'" },
        { StaticYaml("tracing: {otlpEndpoint: 'http://collector:4317', path: /v1/traces}"), 2, "config.tracing.path", "path applies to otlpProtocol: http only" },
        { StaticYaml("tracing: {otlpEndpoint: 'http://collector:4317', otlpProtocol: udp}"), 2, "config.tracing.otlpProtocol", "expected one of: grpc, http" },
        { StaticYaml("tracing: {otlpEndpoint: 'http://collector:4317', fields: {add: {a: 'jwt.sub'}}}"), 2, "config.tracing.fields", "span attributes computed with CEL are not supported yet" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Validate_InvalidTracing_ReportsLinePathAndMessage(string yaml, int line, string path, string message) =>
        AssertSingleError(yaml, line, path, message);

    [Fact]
    public void Validate_HeaderValueWithLineBreak_IsRefusedWithoutEchoingIt()
    {
        var error = LoadSingleError(StaticYaml("tracing: {otlpEndpoint: 'http://collector:4317', headers: {x-key: \"secret\\nvalue\"}}"));

        Assert.Equal("config.tracing.headers.x-key", error.Path);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("0", "0")]
    [InlineData("0.25", "0.25")]
    [InlineData("1", "1")]
    [InlineData("'0.5'", "0.5")]
    public void Load_SamplingAsBooleanOrNumber_IsAccepted(string written, string bound)
    {
        var config = LoadValid(StaticYaml($"tracing: {{otlpEndpoint: 'http://collector:4317', randomSampling: {written}, clientSampling: {written}}}"));

        Assert.Equal(bound, config.Config!.Tracing!.RandomSampling);
        Assert.Equal(bound, config.Config.Tracing.ClientSampling);
    }

    [Fact]
    public void Load_FullTracingSection_BindsEveryKey()
    {
        var tracing = LoadValid(StaticYaml("""
            tracing:
              otlpEndpoint: https://collector.example.com:4318
              otlpProtocol: http
              path: /otlp/v1/traces
              randomSampling: 0.1
              headers: {x-api-key: abc}
            """)).Config!.Tracing!;

        Assert.Equal("https://collector.example.com:4318", tracing.OtlpEndpoint);
        Assert.Equal(OtlpProtocol.Http, tracing.OtlpProtocol);
        Assert.Equal("/otlp/v1/traces", tracing.Path);
        Assert.Equal("0.1", tracing.RandomSampling);
        Assert.Null(tracing.ClientSampling);
        Assert.Equal("abc", tracing.Headers["x-api-key"]);
    }
}

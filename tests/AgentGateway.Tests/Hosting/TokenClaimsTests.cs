using System.Text.Json;
using AgentGateway.Hosting.Tokens;

namespace AgentGateway.Tests.Hosting;

/// <summary>The <c>--claim name=value</c> rules of <c>agentgateway token</c>.</summary>
public sealed class TokenClaimsTests
{
    [Theory]
    [InlineData(new[] { "org=acme" }, "org", "\"acme\"")]
    [InlineData(new[] { "org=" }, "org", "\"\"")]
    [InlineData(new[] { "n=42" }, "n", "\"42\"")]
    [InlineData(new[] { "url=https://x.example/a=b" }, "url", "\"https://x.example/a=b\"")]
    [InlineData(new[] { "team=a", "team=b" }, "team", """["a","b"]""")]
    [InlineData(new[] { "permissions=read:tools" }, "permissions", """["read:tools"]""")]
    [InlineData(new[] { "roles=admin" }, "roles", """["admin"]""")]
    [InlineData(new[] { "groups=g1" }, "groups", """["g1"]""")]
    [InlineData(new[] { "scp=tools.read" }, "scp", """["tools.read"]""")]
    [InlineData(new[] { "permissions=" }, "permissions", "[]")]
    [InlineData(new[] { "permissions=[]" }, "permissions", "[]")]
    [InlineData(new[] { """permissions=["a","b"]""" }, "permissions", """["a","b"]""")]
    [InlineData(new[] { """permissions=["a","b"]""", "permissions=c" }, "permissions", """["a","b","c"]""")]
    [InlineData(new[] { """x=[1,true,null]""" }, "x", "[1,true,null]")]
    [InlineData(new[] { """x={"a":{"b":[1]}}""" }, "x", """{"a":{"b":[1]}}""")]
    [InlineData(new[] { """x={"a":1}""", """x={"b":2}""" }, "x", """[{"a":1},{"b":2}]""")]
    [InlineData(new[] { "x=[1]", "x=[2,3]" }, "x", "[1,2,3]")]
    [InlineData(new[] { "scope=read:tools write:tools" }, "scope", "\"read:tools write:tools\"")]
    [InlineData(new[] { "scope=read:tools", "scope=write:tools" }, "scope", "\"read:tools write:tools\"")]
    [InlineData(new[] { "scope=[not json" }, "scope", "\"[not json\"")]
    public void Build_Rules(string[] arguments, string name, string expectedJson)
    {
        var claims = TokenClaims.Build(arguments);

        Assert.Equal(expectedJson, ToJson(claims[name]));
    }

    [Fact]
    public void Build_Strings_StayStringsForIdentityModel()
    {
        Assert.IsType<string>(TokenClaims.Build(["org=acme"])["org"]);
        Assert.IsType<string>(TokenClaims.Build(["scope=a"])["scope"]);
        Assert.IsType<JsonElement>(TokenClaims.Build(["permissions=a"])["permissions"]);
    }

    [Fact]
    public void Build_Order_IsTheOrderNamesFirstAppear()
    {
        var claims = TokenClaims.Build(["z=1", "a=1", "z=2", "m=1"]);

        Assert.Equal(["z", "a", "m"], claims.Keys);
    }

    [Theory]
    [InlineData("iss", "--iss")]
    [InlineData("sub", "--sub")]
    [InlineData("aud", "--aud")]
    [InlineData("exp", "--expires-in")]
    [InlineData("nbf", "--not-before")]
    [InlineData("iat", "current time")]
    public void Build_RegisteredClaimWithItsOwnOption_IsRefused(string name, string option)
    {
        var ex = Assert.Throws<CommandLineException>(() => TokenClaims.Build([$"{name}=x"]));

        Assert.Equal(1, ex.ExitCode);
        Assert.Contains(option, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("permissions")]
    [InlineData("=x")]
    [InlineData("")]
    [InlineData("x=[1,")]
    [InlineData("x={\"a\":}")]
    [InlineData("x={} trailing")]
    public void Build_BadSyntax_Throws(string argument) =>
        Assert.Equal(1, Assert.Throws<CommandLineException>(() => TokenClaims.Build([argument])).ExitCode);

    private static string ToJson(object value) => value switch
    {
        string text => $"\"{text}\"",
        JsonElement element => element.GetRawText(),
        _ => throw new InvalidOperationException(value.GetType().Name),
    };
}

namespace AgentGateway.Cel.Tests;

public sealed class CheckerTests
{
    private static readonly string[] s_gatewayVariables = ["jwt", "auth", "mcp", "request", "source"];

    [Fact]
    public void Compile_UndeclaredVariable_IsErrorWithPosition()
    {
        var ex = CelTestHelper.CompileError("jwt.sub == 'a' && jwtt.sub == 'b'", s_gatewayVariables);
        Assert.Equal("undeclared reference to 'jwtt'", ex.Reason);
        Assert.Equal(1, ex.Line);
        Assert.Equal(19, ex.Column);
    }

    [Fact]
    public void Compile_MisspelledFieldOfDeclaredVariable_Compiles()
    {
        var program = new CelEnvironment(s_gatewayVariables).Compile("'read:tools' in jwt.permisions");
        Assert.NotNull(program);
    }

    [Theory]
    [InlineData("foo(1)", "undeclared reference to 'foo'")]
    [InlineData("jwt.sub.startWith('a')", "undeclared reference to 'startWith'")]
    [InlineData("size(1, 2)", "found no matching overload for 'size'")]
    [InlineData("jwt.sub.matches('(')", "invalid regular expression")]
    [InlineData("jwt.sub.matches('(a)\\\\1')", "backreferences are not supported")]
    [InlineData("jwt.sub.matches('a(?=b)')", "unsupported group syntax")]
    [InlineData("x", "undeclared reference to 'x'")]
    [InlineData("[1].all(e, e > y)", "undeclared reference to 'y'")]
    [InlineData("[1].all(e, true) && e == 1", "undeclared reference to 'e'")]
    [InlineData("Msg{a: 1}", "message construction is not supported")]
    [InlineData("dyn", "undeclared reference to 'dyn'")]
    public void Compile_InvalidReference_Throws(string expression, string reason)
    {
        var ex = CelTestHelper.CompileError(expression, s_gatewayVariables);
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
        Assert.True(ex.Line >= 1 && ex.Column >= 1);
    }

    [Theory]
    [InlineData("[1, 2].exists(jwt, jwt == 2)")]
    [InlineData("int == type(1) && type(type(1)) == type && google.protobuf.Timestamp == type(timestamp(0))")]
    [InlineData("math.greatest(1, 2) == 2")]
    [InlineData("cel.bind(x, 2, x * x) == 4")]
    public void Compile_ResolvableReferences_Compile(string expression) =>
        CelTestHelper.AssertTrue(expression, new CelActivation(), s_gatewayVariables);

    [Fact]
    public void Compile_DottedDeclaration_LongestPrefixWins()
    {
        var activation = new CelActivation()
            .Set("a.b.c", CelValue.FromString("whole"))
            .Set("a.b", CelValue.FromMap(new Dictionary<string, string> { ["c"] = "prefix" }));
        Assert.Equal("whole", CelTestHelper.Eval("a.b.c", activation, "a.b.c", "a.b").AsString());
        Assert.Equal("prefix", CelTestHelper.Eval("a.b.c", activation, "a.b").AsString());
    }

    [Fact]
    public void Evaluate_DeclaredButUnbound_IsError()
    {
        var result = CelTestHelper.Eval("jwt.sub == 'a'", new CelActivation(), "jwt");
        Assert.True(result.IsError);
        Assert.Contains("jwt", result.ErrorMessage, StringComparison.Ordinal);
    }
}

using System.Diagnostics;

namespace AgentGateway.Cel.Tests;

public sealed class RegexTests
{
    [Fact]
    public void Matches_CatastrophicPattern_OnLongInput_ReturnsQuickly()
    {
        // (a+)+$ on "aaaa...b" takes exponential time in a backtracking engine.
        var env = new CelEnvironment(["s"]);
        var program = env.Compile("s.matches('(a+)+$')");
        var activation = new CelActivation().Set("s", CelValue.FromString(new string('a', 100_000) + "b"));
        var stopwatch = Stopwatch.StartNew();
        var result = program.Evaluate(activation);
        stopwatch.Stop();
        Assert.False(result.AsBool());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Matches_CatastrophicDynamicPattern_ReturnsQuickly()
    {
        var env = new CelEnvironment(["s", "p"]);
        var activation = new CelActivation()
            .Set("s", CelValue.FromString(new string('a', 50_000) + "!"))
            .Set("p", CelValue.FromString("^(a|a?)+$"));
        var stopwatch = Stopwatch.StartNew();
        Assert.False(env.Compile("s.matches(p)").EvaluateBool(activation));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Theory]
    [InlineData("'abc'.matches('b')")]
    [InlineData("!'abc'.matches('^b')")]
    [InlineData("matches('abc', 'c$')")]
    [InlineData("!'abc\\n'.matches('c$')")]
    [InlineData("'abc\\n'.matches('(?m)c$')")]
    [InlineData("'123'.matches('^\\\\d+$')")]
    [InlineData("!'\u0663'.matches('\\\\d')")]
    [InlineData("!'\u00e9'.matches('\\\\w')")]
    [InlineData("'\u00e9'.matches('\\\\pL')")]
    [InlineData("'\u00e9'.matches('\\\\p{L}')")]
    [InlineData("'ab'.matches('(?P<first>a)b')")]
    [InlineData("'a.b'.matches('\\\\Qa.b\\\\E')")]
    [InlineData("!'axb'.matches('\\\\Qa.b\\\\E')")]
    [InlineData("'x9'.matches('[[:alpha:]][[:digit:]]')")]
    [InlineData("'ABC'.matches('(?i)abc') && 'ABCD'.matches('(?i)(ab)c(?s:d)')")]
    [InlineData("'a{b'.matches('a{b')")]
    [InlineData("'aaaa'.matches('^(a{2}){2}$') && 'ab'.matches('(a){1000}|b') && 'x'.matches('(a{10}){100}|x')")]
    [InlineData("'a b'.matches('a b')")]
    [InlineData("'\\t'.matches('^\\\\s$')")]
    [InlineData("'A'.matches('\\\\x41') && 'A'.matches('\\\\x{41}') && 'A'.matches('\\\\101')")]
    [InlineData("'user@example.com'.matches('^[a-z0-9._%+-]+@[a-z0-9.-]+\\\\.[a-z]{2,}$')")]
    public void Matches_Re2Semantics(string expression) => CelTestHelper.AssertTrue(expression);

    [Theory]
    [InlineData("(a)\\\\1", "backreferences")]
    [InlineData("a(?=b)", "unsupported group syntax")]
    [InlineData("a(?!b)", "unsupported group syntax")]
    [InlineData("(?<=a)b", "unsupported group syntax")]
    [InlineData("(?>a)", "unsupported group syntax")]
    [InlineData("a*+", "possessive")]
    [InlineData("a{1001}", "repeat count")]
    [InlineData("(a{100}){11}", "nested repetition")]
    [InlineData("((a{10}){10}b){11}", "nested repetition")]
    [InlineData("(?i)(a{10})(?:b{10}){101}", "nested repetition")]
    [InlineData("(?U)a*", "U (ungreedy)")]
    [InlineData("a\\\\Z", "unsupported escape")]
    [InlineData("[a-z-[aeiou]]", "subtraction")]
    [InlineData("(", "invalid regular expression")]
    [InlineData("[a", "missing closing ]")]
    public void Matches_NonRe2LiteralPattern_IsCompileError(string pattern, string reason)
    {
        var ex = CelTestHelper.CompileError($"'x'.matches('{pattern}')");
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
        Assert.Equal(13, ex.Column);
    }

    [Fact]
    public void Matches_InvalidDynamicPattern_IsEvaluationError()
    {
        var env = new CelEnvironment(["p"]);
        var result = env.Compile("'x'.matches(p)").Evaluate(new CelActivation().Set("p", CelValue.FromString("(a)\\1")));
        Assert.True(result.IsError);
        Assert.Contains("backreferences", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_DynamicPattern_IsRecompiledWhenItChanges()
    {
        var program = new CelEnvironment(["p"]).Compile("'abc'.matches(p)");
        Assert.True(program.EvaluateBool(new CelActivation().Set("p", CelValue.FromString("^a"))));
        Assert.False(program.EvaluateBool(new CelActivation().Set("p", CelValue.FromString("^b"))));
        Assert.True(program.EvaluateBool(new CelActivation().Set("p", CelValue.FromString("c$"))));
    }
}

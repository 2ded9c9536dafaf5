namespace AgentGateway.Cel.Tests;

public sealed class ParserTests
{
    [Theory]
    [InlineData("jwt.sub == 'a' $", 1, 16, "unexpected character '$'")]
    [InlineData("jwt.sub === 'a'", 1, 11, "unexpected character '='")]
    [InlineData("jwt.sub = 'a'", 1, 9, "unexpected character '='")]
    [InlineData("a & b", 1, 3, "unexpected character '&'")]
    [InlineData("a | b", 1, 3, "unexpected character '|'")]
    [InlineData("'abc", 1, 1, "unterminated string")]
    [InlineData("'ab\ncd'", 1, 1, "unterminated string")]
    [InlineData("1 +", 1, 4, "unexpected end of expression")]
    [InlineData("(1 + 2", 1, 7, "expected ')'")]
    [InlineData("[1, 2", 1, 6, "expected ',' or ']'")]
    [InlineData("{'a' 1}", 1, 6, "expected ':'")]
    [InlineData("f(1,)", 1, 5, "unexpected ')'")]
    [InlineData("a.", 1, 3, "expected a field or method name")]
    [InlineData("1 2", 1, 3, "unexpected number")]
    [InlineData("", 1, 1, "empty expression")]
    [InlineData("'\\q'", 1, 2, "invalid escape sequence")]
    [InlineData("'\\uD800'", 1, 2, "invalid Unicode code point")]
    [InlineData("9223372036854775808", 1, 1, "integer literal out of range")]
    [InlineData("18446744073709551616u", 1, 1, "integer literal out of range")]
    [InlineData("a #b", 1, 3, "unexpected character '#'")]
    [InlineData("a @ b", 1, 3, "unexpected character '@'")]
    [InlineData("if", 1, 1, "reserved identifier 'if'")]
    [InlineData("var.x", 1, 1, "reserved identifier 'var'")]
    [InlineData("has(a)", 1, 1, "invalid argument to has() macro")]
    [InlineData("[1].all(1, true)", 1, 9, "argument must be a simple name")]
    [InlineData("x.`a b` == 1 ||", 1, 16, "unexpected end of expression")]
    public void Compile_SyntaxError_ReportsLineColumnAndReason(string expression, int line, int column, string reason)
    {
        var ex = CelTestHelper.CompileError(expression, "a", "b", "x", "jwt");
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"{line}:{column}: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ErrorOnLaterLine_ReportsThatLineWithCaret()
    {
        var ex = CelTestHelper.CompileError("jwt.sub == 'alice'\n  && jwt.role === 'x'", "jwt");
        Assert.Equal(2, ex.Line);
        Assert.Equal(17, ex.Column);
        Assert.Contains("  && jwt.role === 'x'", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith(new string('.', 16) + "^", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_DeepNesting_IsRejectedNotStackOverflow()
    {
        string expr = new string('(', 500) + "1" + new string(')', 500);
        var ex = CelTestHelper.CompileError(expr);
        Assert.Contains("nested", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_LongLogicalChain_IsBalancedAndEvaluates()
    {
        string expr = string.Join(" || ", Enumerable.Repeat("false", 5000)) + " || true";
        Assert.True(CelTestHelper.Eval(expr).IsTrue);
    }

    [Theory]
    [InlineData("1 + 2 * 3 == 7")]
    [InlineData("(1 + 2) * 3 == 9")]
    [InlineData("10 - 4 - 3 == 3")]
    [InlineData("100 / 10 / 5 == 2")]
    [InlineData("7 % 4 * 2 == 6")]
    [InlineData("-2 * 3 == -6")]
    [InlineData("- -2 == 2")]
    [InlineData("--2 == 2")]
    [InlineData("!false && true")]
    [InlineData("!!true")]
    [InlineData("true || false && false")]
    [InlineData("(true || false) && true")]
    [InlineData("(false ? 1 : true ? 2 : 3) == 2")]
    [InlineData("1 < 2 == true")]
    [InlineData("2 in [1, 2] == true")]
    [InlineData("1 + 1 in [2]")]
    [InlineData("[1, 2][1] == 2")]
    [InlineData("{'a': {'b': 5}}.a.b == 5")]
    [InlineData("{'a': 1}['a'] == 1")]
    [InlineData("[1, 2, 3,].size() == 3")]
    [InlineData("{'a': 1,}.size() == 1")]
    [InlineData("0x1F == 31 && 0x1Fu == 31u && 0XFF == 255")]
    [InlineData("1u == 1u && 7U == 7u")]
    [InlineData("1e3 == 1000.0 && 1.5e-1 == 0.15 && .5 == 0.5 && 2E+2 == 200.0")]
    [InlineData("-9223372036854775808 == -9223372036854775807 - 1")]
    [InlineData("'a\\'b' == \"a'b\"")]
    [InlineData("'''multi\nline''' == 'multi\\nline'")]
    [InlineData("\"\"\"say \"hi\" \"\"\" == 'say \"hi\" '")]
    [InlineData("r'\\d+' == '\\\\d+'")]
    [InlineData("R\"\\n\" == '\\\\n'")]
    [InlineData("'\\x41\\101\\u0041\\U00000041' == 'AAAA'")]
    [InlineData("'\\a\\b\\f\\n\\r\\t\\v\\\\\\?\\`' == '\\x07\\x08\\x0C\\x0A\\x0D\\x09\\x0B\\x5C?`'")]
    [InlineData("b'\\xff\\000' == b'\\377\\x00'")]
    [InlineData("b'ÿ' == b'\\xc3\\xbf'")]
    [InlineData("br'\\x' == b'\\\\x'")]
    [InlineData("size('😀') == 1 && size(b'😀') == 4")]
    [InlineData("// a comment\n1 == 1 // trailing")]
    [InlineData("[\f1\r,\t2\n]\f[\r0\n]\t==\f1\r&&\n!\tfalse\f?\rtrue\n:\tfalse")]
    [InlineData("[// @\n1// @\n]// @\n[// @\n0// @\n]// @\n==// @\n1")]
    [InlineData("{'as': 1}.as == 1 && {'if': 2}.if == 2")]
    [InlineData("{'content-type': 'json'}.`content-type` == 'json'")]
    [InlineData("[1, 2, 3].map(x, x * 2) == [2, 4, 6]")]
    [InlineData("[1, 2, 3].map(x, x > 1, x * 2) == [4, 6]")]
    [InlineData("[1, 2, 3].filter(x, x != 2) == [1, 3]")]
    [InlineData("[1, 2, 3].exists_one(x, x == 2)")]
    [InlineData("[[1], [2, 3]].all(l, l.all(x, x > 0))")]
    [InlineData("[1, 2].all(x, [3].exists(x, x == 3))")]
    public void Evaluate_GrammarAndPrecedence_IsTrue(string expression) => CelTestHelper.AssertTrue(expression);
}

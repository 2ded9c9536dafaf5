namespace AgentGateway.Cel.Tests;

public sealed class EvaluationTests
{
    [Theory]
    [InlineData("{}.missing || true", true)]
    [InlineData("true || {}.missing", true)]
    [InlineData("{}.missing && false", false)]
    [InlineData("false && {}.missing", false)]
    [InlineData("1/0 == 1 || true", true)]
    [InlineData("true || 1/0 == 1", true)]
    [InlineData("1/0 == 1 && false", false)]
    [InlineData("false && 1/0 == 1", false)]
    [InlineData("'str' || true", true)]
    [InlineData("'str' && false", false)]
    public void LogicalOperators_AbsorbErrorsCommutatively(string expression, bool expected)
    {
        var result = CelTestHelper.Eval(expression);
        Assert.Equal(CelValueKind.Bool, result.Kind);
        Assert.Equal(expected, result.AsBool());
    }

    [Theory]
    [InlineData("{}.missing || false")]
    [InlineData("false || {}.missing")]
    [InlineData("{}.missing && true")]
    [InlineData("true && {}.missing")]
    [InlineData("{}.missing || 1/0 == 1")]
    [InlineData("!{}.missing")]
    [InlineData("{}.missing ? 1 : 2")]
    [InlineData("'str' || false")]
    public void LogicalOperators_WithoutAbsorbingValue_PropagateError(string expression) =>
        CelTestHelper.AssertError(expression);

    [Theory]
    [InlineData("1 == 1.0")]
    [InlineData("1 == 1u")]
    [InlineData("1u == 1.0")]
    [InlineData("dyn(2) > 1.5")]
    [InlineData("dyn(-1) < 0u")]
    [InlineData("dyn(18446744073709551615u) > 9223372036854775807")]
    [InlineData("[1, 2.0] == [1.0, 2u]")]
    [InlineData("{1: 'a'} == {1u: 'a'}")]
    [InlineData("1 != 'one'")]
    [InlineData("null != 0")]
    [InlineData("[1] != ['1']")]
    [InlineData("0.0/0.0 != 0.0/0.0")]
    [InlineData("1.0 in [1]")]
    [InlineData("2u in {2: 'x'}")]
    [InlineData("!('a' in [1, 2])")]
    public void Equality_IsHeterogeneousAcrossNumbers(string expression) => CelTestHelper.AssertTrue(expression);

    [Theory]
    [InlineData("9223372036854775807 + 1")]
    [InlineData("-9223372036854775808 - 1")]
    [InlineData("-(-9223372036854775808)")]
    [InlineData("9223372036854775807 * 2")]
    [InlineData("-9223372036854775808 / -1")]
    [InlineData("-9223372036854775808 % -1")]
    [InlineData("18446744073709551615u + 1u")]
    [InlineData("0u - 1u")]
    [InlineData("1 / 0")]
    [InlineData("1 % 0")]
    [InlineData("1u / 0u")]
    [InlineData("1u % 0u")]
    [InlineData("1 + 1u")]
    [InlineData("1 + 1.0")]
    [InlineData("'a' + 1")]
    [InlineData("1.5 % 1.0")]
    [InlineData("-'a'")]
    [InlineData("'a' < 1")]
    [InlineData("[1] < [2]")]
    [InlineData("null < null")]
    [InlineData("size(1)")]
    [InlineData("int(9.3e18)")]
    [InlineData("uint(-1)")]
    [InlineData("int('1.5')")]
    [InlineData("{'a': 1}.b")]
    [InlineData("{'a': 1}['b']")]
    [InlineData("[1, 2][2]")]
    [InlineData("[1, 2][-1]")]
    [InlineData("[1][1.5]")]
    [InlineData("1.field")]
    [InlineData("{1: 1, 1u: 2}")]
    [InlineData("{1.5: 1}")]
    [InlineData("1 in 1")]
    public void Evaluate_InvalidOperation_IsError(string expression) => CelTestHelper.AssertError(expression);

    [Fact]
    public void Evaluate_ErrorMessages_NameTheProblem()
    {
        Assert.Contains("no such key", CelTestHelper.Eval("{'a': 1}.b").ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("divide by zero", CelTestHelper.Eval("1 / 0").ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("overflow", CelTestHelper.Eval("9223372036854775807 + 1").ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("no such overload", CelTestHelper.Eval("1 + 'a'").ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has({'a': 1}.a)")]
    [InlineData("!has({'a': 1}.b)")]
    [InlineData("has({'a': {'b': 1}}.a.b)")]
    [InlineData("{'a': 1}.a == 1")]
    [InlineData("'a' in {'a': 1}")]
    [InlineData("!('b' in {'a': 1})")]
    [InlineData("{'a': 1}.?a.orValue(0) == 1")]
    [InlineData("{'a': 1}.?b.orValue(0) == 0")]
    [InlineData("has({'a': 1}.b) ? {'a': 1}.b == 2 : true")]
    [InlineData("[1, 2, 3].size() == 3 && size('héllo') == 5 && size({'a': 1}) == 1 && size(b'ab') == 2")]
    [InlineData("'abc' < 'abd' && b'a' < b'b' && false < true && 1u < 2u && -1.5 < 1")]
    [InlineData("'\\U0001F600' > '\\uFFFF'")]
    [InlineData("[1, 2] + [3] == [1, 2, 3] && 'a' + 'b' == 'ab' && b'a' + b'b' == b'ab'")]
    [InlineData("type(1) == int && type('a') == string && type([]) == list && type({}) == map && type(null) == null_type")]
    [InlineData("type(1u) == uint && type(1.0) == double && type(true) == bool && type(b'') == bytes && type(int) == type")]
    [InlineData("int('42') == 42 && uint('42') == 42u && double('2.5') == 2.5 && string(42) == '42' && string(2.5) == '2.5'")]
    [InlineData("string(b'abc') == 'abc' && bytes('abc') == b'abc' && bool('true') && !bool('0') && dyn(1) == 1")]
    [InlineData("int(2.9) == 2 && int(-2.9) == -2 && uint(2.9) == 2u && double(1u) == 1.0 && int(4000000000u) == 4000000000")]
    [InlineData("string(1e21) == '1e+21' && string(0.000001) == '1e-06' && string(123456.0) == '123456' && string(-0.5) == '-0.5'")]
    public void Evaluate_Standard_IsTrue(string expression) => CelTestHelper.AssertTrue(expression);

    [Theory]
    [InlineData("[1, 2, 3].all(x, x > 0)", true)]
    [InlineData("[1, 2, 3].exists(x, x > 2)", true)]
    [InlineData("[0, -1].all(x, 1 / x > 0)", false)]
    [InlineData("[0, 1].exists(x, 1 / x > 0)", true)]
    [InlineData("{'a': 1, 'b': 2}.all(k, k.size() == 1)", true)]
    [InlineData("{'a': 1}.exists(k, v, v == 1)", true)]
    [InlineData("[10, 20].all(i, v, v == (i + 1) * 10)", true)]
    [InlineData("[1, 2].transformList(i, v, v * i) == [0, 2]", true)]
    [InlineData("{'a': 1}.transformMap(k, v, v + 1) == {'a': 2}", true)]
    [InlineData("[1, 2, 3].existsOne(i, v, v == 2)", true)]
    public void Comprehensions_Evaluate(string expression, bool expected) =>
        Assert.Equal(expected, CelTestHelper.Eval(expression).AsBool());

    [Theory]
    [InlineData("[0, 1].all(x, 1 / x > 0)")]
    [InlineData("[1, 0].exists(x, 1 / x > 5)")]
    [InlineData("[0].exists_one(x, 1 / x > 0)")]
    [InlineData("[0].map(x, 1 / x)")]
    [InlineData("[0].filter(x, 1 / x > 0)")]
    [InlineData("1.all(x, true)")]
    [InlineData("[1].all(x, 'not bool')")]
    public void Comprehensions_Errors_Propagate(string expression) => CelTestHelper.AssertError(expression);

    [Fact]
    public void EvaluateBool_ErrorOrNonBool_IsFalse()
    {
        var env = new CelEnvironment(["jwt"]);
        var activation = new CelActivation().Set("jwt", CelValue.FromMap(new Dictionary<string, string> { ["sub"] = "a" }));
        Assert.True(env.Compile("jwt.sub == 'a'").EvaluateBool(activation));
        Assert.False(env.Compile("jwt.missing == 'a'").EvaluateBool(activation));
        Assert.False(env.Compile("jwt.sub").EvaluateBool(activation));
        Assert.False(env.Compile("1 / 0 == 0").EvaluateBool(activation));
    }

    [Fact]
    public void Evaluate_HostFunctionThrows_IsErrorNotException()
    {
        var env = new CelEnvironment([], [CelFunction.Global("boom", (CelValue _) => throw new InvalidOperationException("bad"))]);
        var result = env.Compile("boom(dyn(1)) == 1").Evaluate(CelActivation.Empty);
        Assert.True(result.IsError);
        Assert.Contains("bad", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_HostFunctions_AreCallable()
    {
        var env = new CelEnvironment(
            ["s"],
            [
                CelFunction.Global("double_it", v => CelValue.FromInt64(v.AsInt64() * 2)),
                CelFunction.Member("shout", v => CelValue.FromString(v.AsString().ToUpperInvariant() + "!")),
                CelFunction.Member("repeat", (v, n) => CelValue.FromString(string.Concat(Enumerable.Repeat(v.AsString(), (int)n.AsInt64())))),
                CelFunction.Global("gateway.pair", (a, b) => CelValue.FromList([a, b])),
            ]);
        var activation = new CelActivation().Set("s", CelValue.FromString("hi"));
        Assert.True(env.Compile("double_it(21) == 42 && s.shout() == 'HI!' && s.repeat(2) == 'hihi' && gateway.pair(1, 2) == [1, 2]").EvaluateBool(activation));
    }
}

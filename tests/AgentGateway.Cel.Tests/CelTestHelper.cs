namespace AgentGateway.Cel.Tests;

/// <summary>Compile-and-evaluate shortcuts for tests.</summary>
internal static class CelTestHelper
{
    public static CelValue Eval(string expression, CelActivation? activation = null, params string[] declared)
    {
        var env = new CelEnvironment(declared);
        return env.Compile(expression).Evaluate(activation ?? new CelActivation());
    }

    public static CelCompileException CompileError(string expression, params string[] declared) =>
        Assert.Throws<CelCompileException>(() => new CelEnvironment(declared).Compile(expression));

    public static void AssertTrue(string expression, CelActivation? activation = null, params string[] declared)
    {
        var result = Eval(expression, activation, declared);
        Assert.True(result.IsTrue, $"{expression} => {result}");
    }

    public static void AssertError(string expression, CelActivation? activation = null, params string[] declared)
    {
        var result = Eval(expression, activation, declared);
        Assert.True(result.IsError, $"{expression} => {result} (expected an error)");
    }
}

using AgentGateway.Cel.Compilation;

namespace AgentGateway.Cel;

/// <summary>
/// A host-defined function added to a <see cref="CelEnvironment"/>, such as a gateway helper.
/// </summary>
/// <remarks>
/// Functions are strict: an argument that is an error never reaches the implementation (the error is the result).
/// Implementations dispatch on <see cref="CelValue.Kind"/> and return <see cref="CelValue.FromError(string)"/> for
/// arguments they do not accept. They must be thread-safe and side-effect free; an exception thrown by one makes
/// the whole evaluation an error.
/// </remarks>
public sealed class CelFunction
{
    private readonly Action<FunctionRegistry> _register;

    private CelFunction(string name, Action<FunctionRegistry> register)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _register = register;
    }

    /// <summary>The function name as written in expressions (may be dotted, like <c>gateway.hash</c>).</summary>
    public string Name { get; }

    /// <summary>A global function of one argument: <c>name(x)</c>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="function">The implementation.</param>
    /// <returns>The definition.</returns>
    public static CelFunction Global(string name, Func<CelValue, CelValue> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, r => r.Global(name, (in CelValue a) => function(a)));
    }

    /// <summary>A global function of two arguments: <c>name(x, y)</c>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="function">The implementation.</param>
    /// <returns>The definition.</returns>
    public static CelFunction Global(string name, Func<CelValue, CelValue, CelValue> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, r => r.Global(name, (in CelValue a, in CelValue b) => function(a, b)));
    }

    /// <summary>A receiver-style function without arguments: <c>x.name()</c>; the receiver is passed first.</summary>
    /// <param name="name">The name.</param>
    /// <param name="function">The implementation.</param>
    /// <returns>The definition.</returns>
    public static CelFunction Member(string name, Func<CelValue, CelValue> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, r => r.Receiver(name, (in CelValue a) => function(a)));
    }

    /// <summary>A receiver-style function with one argument: <c>x.name(y)</c>; the receiver is passed first.</summary>
    /// <param name="name">The name.</param>
    /// <param name="function">The implementation.</param>
    /// <returns>The definition.</returns>
    public static CelFunction Member(string name, Func<CelValue, CelValue, CelValue> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, r => r.Receiver(name, (in CelValue a, in CelValue b) => function(a, b)));
    }

    internal void Register(FunctionRegistry registry) => _register(registry);
}

using AgentGateway.Cel.Interpreter;

namespace AgentGateway.Cel.Compilation;

/// <summary>
/// The functions an environment knows, by name, call style (global <c>f(x)</c> or receiver <c>x.f()</c>) and number
/// of arguments (the receiver counts as the first). Each entry dispatches on argument types at run time and returns
/// <c>no such overload</c> for types it does not handle.
/// </summary>
internal sealed class FunctionRegistry
{
    /// <summary>The arity used for functions that take any number of arguments.</summary>
    public const int Variadic = -1;

    private readonly Dictionary<(string Name, bool Receiver, int Arity), Delegate> _functions = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<Delegate> _hostFunctions = [];

    public void Global(string name, UnaryFunction function) => Add(name, false, 1, function);

    public void Global(string name, BinaryFunction function) => Add(name, false, 2, function);

    public void Global(string name, TernaryFunction function) => Add(name, false, 3, function);

    public void GlobalVariadic(string name, VariadicFunction function) => Add(name, false, Variadic, function);

    /// <summary>A receiver-style function with no arguments besides the receiver: <c>x.f()</c>.</summary>
    public void Receiver(string name, UnaryFunction function) => Add(name, true, 1, function);

    /// <summary><c>x.f(a)</c>.</summary>
    public void Receiver(string name, BinaryFunction function) => Add(name, true, 2, function);

    /// <summary><c>x.f(a, b)</c>.</summary>
    public void Receiver(string name, TernaryFunction function) => Add(name, true, 3, function);

    /// <summary><c>x.f(a, b, ...)</c> with any number of arguments after the receiver.</summary>
    public void ReceiverVariadic(string name, VariadicFunction function) => Add(name, true, Variadic, function);

    /// <summary>Registers both <c>f(x)</c> and <c>x.f()</c>.</summary>
    public void Both(string name, UnaryFunction function)
    {
        Global(name, function);
        Receiver(name, function);
    }

    /// <summary>Registers both <c>f(x, y)</c> and <c>x.f(y)</c>.</summary>
    public void Both(string name, BinaryFunction function)
    {
        Global(name, function);
        Receiver(name, function);
    }

    public bool Contains(string name) => _names.Contains(name);

    /// <summary>Records a name the compiler implements itself (<c>matches</c>, <c>or</c>), for error messages.</summary>
    public void DeclareSpecialForm(string name) => _names.Add(name);

    /// <summary>
    /// Marks functions registered from now on as host functions: they may have side effects or depend on time, so
    /// calls to them are never evaluated at compile time.
    /// </summary>
    public bool RegisteringHostFunctions { get; set; }

    /// <summary>Whether calls with constant arguments may be evaluated at compile time.</summary>
    public bool IsFoldable(Delegate function) => !_hostFunctions.Contains(function);

    public bool TryGet(string name, bool receiver, int arity, out Delegate function) =>
        _functions.TryGetValue((name, receiver, arity), out function!)
        || _functions.TryGetValue((name, receiver, Variadic), out function!);

    private void Add(string name, bool receiver, int arity, Delegate function)
    {
        _functions[(name, receiver, arity)] = function;
        _names.Add(name);
        if (RegisteringHostFunctions)
        {
            _hostFunctions.Add(function);
        }
    }
}

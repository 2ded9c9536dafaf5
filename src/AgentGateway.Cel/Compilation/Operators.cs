using AgentGateway.Cel.Interpreter;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Compilation;

/// <summary>The strict operators, by their CEL names.</summary>
internal static class Operators
{
    private static readonly Dictionary<string, BinaryFunction> s_binary = new(StringComparer.Ordinal)
    {
        ["_==_"] = static (in CelValue a, in CelValue b) => CelValue.FromBool(CelOps.ValueEquals(a, b)),
        ["_!=_"] = static (in CelValue a, in CelValue b) => CelValue.FromBool(!CelOps.ValueEquals(a, b)),
        ["_<_"] = static (in CelValue a, in CelValue b) => Relation("_<_", a, b, static c => c < 0),
        ["_<=_"] = static (in CelValue a, in CelValue b) => Relation("_<=_", a, b, static c => c <= 0),
        ["_>_"] = static (in CelValue a, in CelValue b) => Relation("_>_", a, b, static c => c == 1),
        ["_>=_"] = static (in CelValue a, in CelValue b) => Relation("_>=_", a, b, static c => c is 0 or 1),
        ["_+_"] = static (in CelValue a, in CelValue b) => CelOps.Add(a, b),
        ["_-_"] = static (in CelValue a, in CelValue b) => CelOps.Subtract(a, b),
        ["_*_"] = static (in CelValue a, in CelValue b) => CelOps.Multiply(a, b),
        ["_/_"] = static (in CelValue a, in CelValue b) => CelOps.Divide(a, b),
        ["_%_"] = static (in CelValue a, in CelValue b) => CelOps.Modulo(a, b),
        ["@in"] = static (in CelValue a, in CelValue b) => CelOps.In(a, b),
    };

    private static readonly Dictionary<string, UnaryFunction> s_unary = new(StringComparer.Ordinal)
    {
        ["!_"] = static (in CelValue a) => CelOps.Not(a),
        ["-_"] = static (in CelValue a) => CelOps.Negate(a),
    };

    public static bool TryGetBinary(string name, out BinaryFunction function) => s_binary.TryGetValue(name, out function!);

    public static bool TryGetUnary(string name, out UnaryFunction function) => s_unary.TryGetValue(name, out function!);

    private static CelValue Relation(string name, in CelValue a, in CelValue b, Func<int, bool> test)
    {
        int c = CelOps.Compare(a, b);
        if (c == CelOps.NoOverload)
        {
            return CelErrors.NoSuchOverload(name, a, b);
        }

        return CelValue.FromBool(c != CelOps.Unordered && test(c));
    }
}

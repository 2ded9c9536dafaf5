using AgentGateway.Cel.Compilation;
using AgentGateway.Cel.Interpreter;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Library;

/// <summary>cel-go's math extension (<c>math.greatest</c>, <c>math.abs</c>, bitwise operations, ...).</summary>
internal static class MathFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry.GlobalVariadic("math.greatest", args => Extreme(args, "math.greatest", greatest: true));
        registry.GlobalVariadic("math.least", args => Extreme(args, "math.least", greatest: false));
        registry.Global("math.abs", Abs);
        registry.Global("math.sign", Sign);
        registry.Global("math.ceil", DoubleOp("math.ceil", Math.Ceiling));
        registry.Global("math.floor", DoubleOp("math.floor", Math.Floor));
        registry.Global("math.round", DoubleOp("math.round", static d => Math.Round(d, MidpointRounding.AwayFromZero)));
        registry.Global("math.trunc", DoubleOp("math.trunc", Math.Truncate));
        registry.Global("math.isNaN", DoublePredicate("math.isNaN", double.IsNaN));
        registry.Global("math.isInf", DoublePredicate("math.isInf", double.IsInfinity));
        registry.Global("math.isFinite", DoublePredicate("math.isFinite", double.IsFinite));
        registry.Global("math.sqrt", static (in CelValue a) => a.Kind switch
        {
            CelValueKind.Double => CelValue.FromDouble(Math.Sqrt(a.DoubleValue)),
            CelValueKind.Int => CelValue.FromDouble(Math.Sqrt(a.IntValue)),
            CelValueKind.Uint => CelValue.FromDouble(Math.Sqrt(a.UintValue)),
            _ => CelErrors.NoSuchOverload("math.sqrt", a),
        });
        registry.Global("math.bitAnd", Bitwise("math.bitAnd", static (x, y) => x & y));
        registry.Global("math.bitOr", Bitwise("math.bitOr", static (x, y) => x | y));
        registry.Global("math.bitXor", Bitwise("math.bitXor", static (x, y) => x ^ y));
        registry.Global("math.bitNot", static (in CelValue a) => a.Kind switch
        {
            CelValueKind.Int => CelValue.FromInt64(~a.IntValue),
            CelValueKind.Uint => CelValue.FromUInt64(~a.UintValue),
            _ => CelErrors.NoSuchOverload("math.bitNot", a),
        });
        registry.Global("math.bitShiftLeft", static (in CelValue a, in CelValue n) => Shift(a, n, left: true));
        registry.Global("math.bitShiftRight", static (in CelValue a, in CelValue n) => Shift(a, n, left: false));
    }

    private static CelValue Extreme(CelValue[] args, string name, bool greatest)
    {
        if (args.Length == 0)
        {
            return CelErrors.Of($"{name}() requires at least one argument");
        }

        CelValue[] values = args;
        if (args.Length == 1 && args[0].Kind == CelValueKind.List)
        {
            values = CelCollections.ListItems(args[0]);
            if (values.Length == 0)
            {
                return CelErrors.Of($"{name}([]) requires a non-empty list");
            }
        }

        var best = values[0];
        foreach (var value in values)
        {
            if (!CelOps.IsNumber(value.Kind))
            {
                return CelErrors.NoSuchOverload(name, value);
            }

            int c = CelOps.Compare(value, best);
            if (c == CelOps.Unordered)
            {
                best = double.IsNaN(ToDouble(value)) ? value : best;
            }
            else if (greatest ? c > 0 : c < 0)
            {
                best = value;
            }
        }

        return best;
    }

    private static double ToDouble(in CelValue v) => v.Kind switch
    {
        CelValueKind.Int => v.IntValue,
        CelValueKind.Uint => v.UintValue,
        _ => v.DoubleValue,
    };

    private static CelValue Abs(in CelValue a) => a.Kind switch
    {
        CelValueKind.Int => a.IntValue == long.MinValue ? CelErrors.IntOverflow() : CelValue.FromInt64(Math.Abs(a.IntValue)),
        CelValueKind.Uint => a,
        CelValueKind.Double => CelValue.FromDouble(Math.Abs(a.DoubleValue)),
        _ => CelErrors.NoSuchOverload("math.abs", a),
    };

    private static CelValue Sign(in CelValue a) => a.Kind switch
    {
        CelValueKind.Int => CelValue.FromInt64(Math.Sign(a.IntValue)),
        CelValueKind.Uint => CelValue.FromUInt64(a.UintValue == 0 ? 0UL : 1UL),
        CelValueKind.Double => CelValue.FromDouble(double.IsNaN(a.DoubleValue) ? double.NaN : Math.Sign(a.DoubleValue)),
        _ => CelErrors.NoSuchOverload("math.sign", a),
    };

    private static UnaryFunction DoubleOp(string name, Func<double, double> op) =>
        (in CelValue a) => a.Kind == CelValueKind.Double ? CelValue.FromDouble(op(a.DoubleValue)) : CelErrors.NoSuchOverload(name, a);

    private static UnaryFunction DoublePredicate(string name, Func<double, bool> op) =>
        (in CelValue a) => a.Kind == CelValueKind.Double ? CelValue.FromBool(op(a.DoubleValue)) : CelErrors.NoSuchOverload(name, a);

    private static BinaryFunction Bitwise(string name, Func<ulong, ulong, ulong> op) =>
        (in CelValue a, in CelValue b) =>
        {
            if (a.Kind == CelValueKind.Int && b.Kind == CelValueKind.Int)
            {
                return CelValue.FromInt64(unchecked((long)op((ulong)a.IntValue, (ulong)b.IntValue)));
            }

            return a.Kind == CelValueKind.Uint && b.Kind == CelValueKind.Uint
                ? CelValue.FromUInt64(op(a.UintValue, b.UintValue))
                : CelErrors.NoSuchOverload(name, a, b);
        };

    private static CelValue Shift(in CelValue a, in CelValue n, bool left)
    {
        string name = left ? "math.bitShiftLeft" : "math.bitShiftRight";
        if (n.Kind != CelValueKind.Int || a.Kind is not (CelValueKind.Int or CelValueKind.Uint))
        {
            return CelErrors.NoSuchOverload(name, a, n);
        }

        if (n.IntValue < 0)
        {
            return CelErrors.Of($"{name}: negative shift amount {n.IntValue}");
        }

        ulong bits = a.UintValue;
        ulong result = n.IntValue >= 64 ? 0 : left ? bits << (int)n.IntValue : bits >> (int)n.IntValue;
        return a.Kind == CelValueKind.Int ? CelValue.FromInt64(unchecked((long)result)) : CelValue.FromUInt64(result);
    }
}

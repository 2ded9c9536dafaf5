using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>
/// A dotted name (<c>a.b.c</c>) resolved at evaluation time, longest bound prefix first, when declaration checking
/// is off (conformance tests with <c>disable_check</c>). An unbound name is an error value, not a compile error.
/// </summary>
internal sealed class UncheckedIdentNode : CelNode
{
    private readonly string[] _segments;

    public UncheckedIdentNode(string[] segments) => _segments = segments;

    public override CelValue Eval(in EvalFrame frame)
    {
        for (int length = _segments.Length; length >= 1; length--)
        {
            string name = string.Join('.', _segments, 0, length);
            if (frame.Activation.TryResolve(name, out var value) || TryTypeName(name, out value))
            {
                for (int i = length; i < _segments.Length && !value.IsError; i++)
                {
                    value = CelOps.Select(value, _segments[i]);
                }

                return value;
            }
        }

        return CelErrors.UndeclaredReference(_segments[0]);
    }

    private static bool TryTypeName(string name, out CelValue value)
    {
        if (CelType.TryGetBuiltIn(name, out var type))
        {
            value = CelValue.ForType(type);
            return true;
        }

        value = default;
        return false;
    }
}

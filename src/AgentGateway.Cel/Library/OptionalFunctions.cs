using AgentGateway.Cel.Compilation;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Library;

/// <summary>
/// Optional values: <c>optional.of</c>, <c>optional.none</c>, <c>optional.ofNonZeroValue</c>, <c>hasValue</c>,
/// <c>value</c>. (<c>or</c>/<c>orValue</c> are compiled as short-circuiting nodes; <c>?.</c>, <c>[?</c> are syntax.)
/// </summary>
internal static class OptionalFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry.Global("optional.of", static (in CelValue a) => CelValue.OptionalOf(a));
        registry.GlobalVariadic("optional.none", static args => args.Length == 0 ? CelValue.OptionalNone : CelErrors.NoSuchOverload("optional.none"));
        registry.Global("optional.ofNonZeroValue", static (in CelValue a) => IsZero(a) ? CelValue.OptionalNone : CelValue.OptionalOf(a));
        registry.Receiver("hasValue", static (in CelValue a) => a.Kind == CelValueKind.Optional
            ? CelValue.FromBool(a.HasOptionalValue)
            : CelErrors.NoSuchOverload("hasValue", a));
        registry.Receiver("value", static (in CelValue a) => a.Kind != CelValueKind.Optional
            ? CelErrors.NoSuchOverload("value", a)
            : a.HasOptionalValue ? a.OptionalValue : CelErrors.OptionalEmpty());
    }

    private static bool IsZero(in CelValue a) => a.Kind switch
    {
        CelValueKind.Null => true,
        CelValueKind.Bool or CelValueKind.Int or CelValueKind.Uint or CelValueKind.Duration => a.Bits == 0,
        CelValueKind.Double => a.DoubleValue == 0,
        CelValueKind.String => a.StringValue.Length == 0,
        CelValueKind.Bytes => a.BytesValue.Length == 0,
        CelValueKind.List => CelCollections.ListCount(a) == 0,
        CelValueKind.Map => CelCollections.MapCount(a) == 0,
        CelValueKind.Timestamp => a.Bits == 0 && a.Nanos == 0,
        CelValueKind.Optional => !a.HasOptionalValue,
        _ => false,
    };
}

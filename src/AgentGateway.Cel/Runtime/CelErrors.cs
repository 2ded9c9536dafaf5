namespace AgentGateway.Cel.Runtime;

/// <summary>Builds the error values the engine returns; messages follow cel-go where it has one.</summary>
internal static class CelErrors
{
    public static CelValue Of(string message) => CelValue.ForError(new CelError(message));

    public static CelValue NoSuchOverload(string function) =>
        Of($"no such overload: {function}");

    public static CelValue NoSuchOverload(string function, in CelValue arg) =>
        Of($"no such overload: {function}({TypeName(arg)})");

    public static CelValue NoSuchOverload(string function, in CelValue a, in CelValue b) =>
        Of($"no such overload: {function}({TypeName(a)}, {TypeName(b)})");

    public static CelValue NoSuchKey(in CelValue key) => Of($"no such key: {CelFormatter.Format(key)}");

    public static CelValue NoSuchKey(string key) => Of($"no such key: '{key}'");

    public static CelValue NoSuchField(string field) => Of($"no such field: '{field}'");

    public static CelValue DoesNotSupportFieldSelection(in CelValue value) =>
        Of($"type '{TypeName(value)}' does not support field selection");

    public static CelValue UnsupportedKeyType(in CelValue key) => Of($"unsupported key type: {TypeName(key)}");

    public static CelValue RepeatedKey(in CelValue key) => Of($"Failed with repeated key: {CelFormatter.Format(key)}");

    public static CelValue DivideByZero() => Of("divide by zero");

    public static CelValue ModulusByZero() => Of("modulus by zero");

    public static CelValue IntOverflow() => Of("integer overflow");

    public static CelValue UintOverflow() => Of("unsigned integer overflow");

    public static CelValue Range(string what) => Of($"range error: {what}");

    public static CelValue IndexOutOfRange(long index, int size) =>
        Of($"invalid_argument: index out of range: {index} (list size {size})");

    public static CelValue InvalidIndex(in CelValue index) => Of($"invalid_argument: invalid list index type: {TypeName(index)}");

    public static CelValue UndeclaredReference(string name) => Of($"undeclared reference to '{name}' (in container '')");

    public static CelValue UnboundVariable(string name) => Of($"no such attribute: variable '{name}' is not bound");

    public static CelValue UnboundFunction(string name) => Of($"unbound function: '{name}'");

    public static CelValue Conversion(string message) => Of($"type conversion error: {message}");

    public static CelValue OptionalEmpty() => Of("optional.none() dereference");

    public static string TypeName(in CelValue value) => value.Kind switch
    {
        CelValueKind.Error => "error",
        _ => CelType.Of(value).Name,
    };
}

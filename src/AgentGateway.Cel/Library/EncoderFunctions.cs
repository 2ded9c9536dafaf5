using AgentGateway.Cel.Compilation;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Library;

/// <summary>cel-go's encoders extension: <c>base64.encode(bytes)</c> and <c>base64.decode(string)</c>.</summary>
internal static class EncoderFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry.Global("base64.encode", static (in CelValue a) => a.Kind == CelValueKind.Bytes
            ? CelValue.FromString(Convert.ToBase64String(a.BytesValue))
            : CelErrors.NoSuchOverload("base64.encode", a));
        registry.Global("base64.decode", static (in CelValue a) => a.Kind == CelValueKind.String
            ? Decode(a.StringValue)
            : CelErrors.NoSuchOverload("base64.decode", a));
    }

    /// <summary>Standard alphabet; padding may be omitted, as cel-go accepts both forms.</summary>
    private static CelValue Decode(string s)
    {
        string padded = (s.Length % 4) switch
        {
            2 => s + "==",
            3 => s + "=",
            _ => s,
        };
        try
        {
            return new CelValue(CelValueKind.Bytes, Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            return CelErrors.Of("base64.decode: illegal base64 data");
        }
    }
}

using System.Text.Json;

namespace AgentGateway.Cel.Runtime;

/// <summary>Maps JSON to CEL without copying: objects are maps, arrays lists, strings stay in the document.</summary>
internal static class JsonValues
{
    /// <summary>
    /// Converts one JSON element. Numbers are <c>int</c> when written as an integer that fits in 64 bits,
    /// otherwise <c>double</c> (JSON has one number type; claims such as <c>exp</c> then compare as integers).
    /// </summary>
    public static CelValue ToCel(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return CelValue.ForJsonMap(element);
            case JsonValueKind.Array:
                return CelValue.ForJsonList(element);
            case JsonValueKind.String:
                return CelValue.ForJsonString(element);
            case JsonValueKind.Number:
                return element.TryGetInt64(out long l) ? CelValue.FromInt64(l) : CelValue.FromDouble(element.GetDouble());
            case JsonValueKind.True:
                return CelValue.True;
            case JsonValueKind.False:
                return CelValue.False;
            case JsonValueKind.Null:
                return CelValue.Null;
            default:
                return CelErrors.Of("undefined JSON value");
        }
    }
}

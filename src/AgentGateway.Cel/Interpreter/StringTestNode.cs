using System.Runtime.InteropServices;
using System.Text;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Interpreter;

/// <summary>
/// <c>s.startsWith('lit')</c>, <c>s.endsWith('lit')</c> and <c>s.contains('lit')</c>: a JSON string without escape
/// sequences is tested on its raw UTF-8 bytes, so claims such as <c>jwt.email.endsWith('@example.com')</c> are
/// checked without decoding the claim.
/// </summary>
internal sealed class StringTestNode : CelNode
{
    private readonly CelNode _operand;
    private readonly string _literal;
    private readonly byte[] _utf8;
    private readonly string _function;

    public StringTestNode(CelNode operand, string function, string literal)
    {
        _operand = operand;
        _function = function;
        _literal = literal;
        _utf8 = Encoding.UTF8.GetBytes(literal);
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        var value = _operand.Eval(frame);
        if (value.IsError)
        {
            return value;
        }

        if (value.Kind == CelValueKind.String && value.IsJson)
        {
            // The raw value includes its quotes; escapes would make the bytes differ from the decoded text.
            var raw = JsonMarshal.GetRawUtf8Value(value.Json);
            if (raw.Length >= 2 && raw.IndexOf((byte)'\\') < 0)
            {
                var text = raw[1..^1];
                return CelValue.FromBool(_function switch
                {
                    "startsWith" => text.StartsWith(_utf8),
                    "endsWith" => text.EndsWith(_utf8),
                    _ => text.IndexOf(_utf8) >= 0,
                });
            }
        }

        return value.Kind == CelValueKind.String
            ? CelValue.FromBool(_function switch
            {
                "startsWith" => value.StringValue.StartsWith(_literal, StringComparison.Ordinal),
                "endsWith" => value.StringValue.EndsWith(_literal, StringComparison.Ordinal),
                _ => value.StringValue.Contains(_literal, StringComparison.Ordinal),
            })
            : CelErrors.NoSuchOverload(_function, value, CelValue.FromString(_literal));
    }
}

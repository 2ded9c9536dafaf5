using AgentGateway.Cel.Compilation;
using AgentGateway.Cel.Interpreter;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Library;

/// <summary>
/// The IP and CIDR functions of the Kubernetes CEL network library (also cel-go's <c>ext.Network</c>):
/// <c>ip()</c>, <c>isIP()</c>, <c>ip.isCanonical()</c>, <c>cidr()</c>, <c>isCIDR()</c> and their methods.
/// </summary>
internal static class NetworkFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry.Global("ip", static (in CelValue s) => s.Kind != CelValueKind.String
            ? CelErrors.NoSuchOverload("ip", s)
            : IPAddressValue.TryParse(s.StringValue, out var ip) ? CelValue.ForOpaque(ip!) : CelErrors.Of($"IP address parse error: invalid IP address '{s.StringValue}'"));
        registry.Global("isIP", static (in CelValue s) => s.Kind == CelValueKind.String
            ? CelValue.FromBool(IPAddressValue.TryParse(s.StringValue, out _))
            : CelErrors.NoSuchOverload("isIP", s));
        registry.Global("ip.isCanonical", static (in CelValue s) => s.Kind != CelValueKind.String
            ? CelErrors.NoSuchOverload("ip.isCanonical", s)
            : IPAddressValue.TryParse(s.StringValue, out var ip)
                ? CelValue.FromBool(string.Equals(ip!.ToCelString(), s.StringValue, StringComparison.Ordinal))
                : CelErrors.Of($"IP address parse error: invalid IP address '{s.StringValue}'"));
        registry.Global("cidr", static (in CelValue s) => s.Kind != CelValueKind.String
            ? CelErrors.NoSuchOverload("cidr", s)
            : CidrValue.TryParse(s.StringValue, out var cidr) ? CelValue.ForOpaque(cidr!) : CelErrors.Of($"network address parse error: invalid CIDR '{s.StringValue}'"));
        registry.Global("isCIDR", static (in CelValue s) => s.Kind == CelValueKind.String
            ? CelValue.FromBool(CidrValue.TryParse(s.StringValue, out _))
            : CelErrors.NoSuchOverload("isCIDR", s));

        registry.Receiver("family", IP("family", static ip => CelValue.FromInt64(ip.Family)));
        registry.Receiver("isUnspecified", IP("isUnspecified", static ip => CelValue.FromBool(ip.IsUnspecified())));
        registry.Receiver("isLoopback", IP("isLoopback", static ip => CelValue.FromBool(ip.IsLoopback())));
        registry.Receiver("isLinkLocalMulticast", IP("isLinkLocalMulticast", static ip => CelValue.FromBool(ip.IsLinkLocalMulticast())));
        registry.Receiver("isLinkLocalUnicast", IP("isLinkLocalUnicast", static ip => CelValue.FromBool(ip.IsLinkLocalUnicast())));
        registry.Receiver("isGlobalUnicast", IP("isGlobalUnicast", static ip => CelValue.FromBool(ip.IsGlobalUnicast())));

        registry.Receiver("ip", Cidr("ip", static c => CelValue.ForOpaque(c.Address)));
        registry.Receiver("prefixLength", Cidr("prefixLength", static c => CelValue.FromInt64(c.PrefixLength)));
        registry.Receiver("masked", Cidr("masked", static c => CelValue.ForOpaque(c.Masked())));
        registry.Receiver("isMask", Cidr("isMask", static c => CelValue.FromBool(c.Masked().Address.Equals(c.Address))));
        registry.Receiver("containsIP", static (in CelValue c, in CelValue arg) =>
        {
            if (c.Kind != CelValueKind.Object || c.ObjectValue is not CidrValue cidr)
            {
                return CelErrors.NoSuchOverload("containsIP", c, arg);
            }

            if (arg.Kind == CelValueKind.String)
            {
                return IPAddressValue.TryParse(arg.StringValue, out var parsed)
                    ? CelValue.FromBool(cidr.Contains(parsed!))
                    : CelErrors.Of($"IP address parse error: invalid IP address '{arg.StringValue}'");
            }

            return arg.Kind == CelValueKind.Object && arg.ObjectValue is IPAddressValue ip
                ? CelValue.FromBool(cidr.Contains(ip))
                : CelErrors.NoSuchOverload("containsIP", c, arg);
        });
        registry.Receiver("containsCIDR", static (in CelValue c, in CelValue arg) =>
        {
            if (c.Kind != CelValueKind.Object || c.ObjectValue is not CidrValue cidr)
            {
                return CelErrors.NoSuchOverload("containsCIDR", c, arg);
            }

            if (arg.Kind == CelValueKind.String)
            {
                return CidrValue.TryParse(arg.StringValue, out var parsed)
                    ? CelValue.FromBool(cidr.Contains(parsed!))
                    : CelErrors.Of($"network address parse error: invalid CIDR '{arg.StringValue}'");
            }

            return arg.Kind == CelValueKind.Object && arg.ObjectValue is CidrValue other
                ? CelValue.FromBool(cidr.Contains(other))
                : CelErrors.NoSuchOverload("containsCIDR", c, arg);
        });
    }

    private static UnaryFunction IP(string name, Func<IPAddressValue, CelValue> body) =>
        (in CelValue a) => a.Kind == CelValueKind.Object && a.ObjectValue is IPAddressValue ip ? body(ip) : CelErrors.NoSuchOverload(name, a);

    private static UnaryFunction Cidr(string name, Func<CidrValue, CelValue> body) =>
        (in CelValue a) => a.Kind == CelValueKind.Object && a.ObjectValue is CidrValue c ? body(c) : CelErrors.NoSuchOverload(name, a);
}

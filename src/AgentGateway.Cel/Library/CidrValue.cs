using System.Globalization;
using System.Net;

namespace AgentGateway.Cel.Library;

/// <summary>A CIDR range value (<c>net.CIDR</c>) of the network extension; it keeps host bits as written.</summary>
internal sealed class CidrValue : ICelObject, ICelStringConvertible, IEquatable<CidrValue>
{
    public CidrValue(IPAddressValue address, int prefixLength)
    {
        Address = address;
        PrefixLength = prefixLength;
    }

    public IPAddressValue Address { get; }

    public int PrefixLength { get; }

    public string TypeName => "net.CIDR";

    public static bool TryParse(string text, out CidrValue? value)
    {
        value = null;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddressValue.TryParse(text[..slash], out var address))
        {
            return false;
        }

        string bits = text[(slash + 1)..];
        if (bits.Length is 0 or > 3 || (bits.Length > 1 && bits[0] == '0') || !bits.All(char.IsAsciiDigit))
        {
            return false;
        }

        int prefix = int.Parse(bits, CultureInfo.InvariantCulture);
        if (prefix > (address!.Family == 4 ? 32 : 128))
        {
            return false;
        }

        value = new CidrValue(address, prefix);
        return true;
    }

    public bool TryGetField(string name, out CelValue value)
    {
        value = default;
        return false;
    }

    public bool Contains(IPAddressValue ip)
    {
        if (ip.Family != Address.Family)
        {
            return false;
        }

        return PrefixEquals(Address.Address.GetAddressBytes(), ip.Address.GetAddressBytes(), PrefixLength);
    }

    public bool Contains(CidrValue other) =>
        other.Address.Family == Address.Family && other.PrefixLength >= PrefixLength && Contains(other.Address);

    public CidrValue Masked()
    {
        byte[] bytes = Address.Address.GetAddressBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            int keep = Math.Clamp(PrefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xff << (8 - keep));
        }

        return new CidrValue(new IPAddressValue(new IPAddress(bytes)), PrefixLength);
    }

    public string ToCelString() => $"{Address.ToCelString()}/{PrefixLength}";

    public override string ToString() => $"cidr(\"{ToCelString()}\")";

    public bool Equals(CidrValue? other) => other is not null && Address.Equals(other.Address) && PrefixLength == other.PrefixLength;

    public override bool Equals(object? obj) => Equals(obj as CidrValue);

    public override int GetHashCode() => HashCode.Combine(Address, PrefixLength);

    private static bool PrefixEquals(byte[] a, byte[] b, int bits)
    {
        for (int i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((a[i] & mask) != (b[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}

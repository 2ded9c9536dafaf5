using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AgentGateway.Cel.Library;

/// <summary>An IP address value (<c>net.IP</c>) of the network extension.</summary>
internal sealed class IPAddressValue : ICelObject, ICelStringConvertible, IEquatable<IPAddressValue>
{
    public IPAddressValue(IPAddress address) => Address = address;

    public IPAddress Address { get; }

    public string TypeName => "net.IP";

    public int Family => Address.AddressFamily == AddressFamily.InterNetwork ? 4 : 6;

    /// <summary>
    /// Strict parsing, as the Kubernetes CEL library does: dotted-quad IPv4 without leading zeros, IPv6 without zones,
    /// and no IPv4-mapped IPv6 addresses.
    /// </summary>
    public static bool TryParse(string text, out IPAddressValue? value)
    {
        value = null;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            foreach (char c in text)
            {
                if (!(char.IsAsciiHexDigit(c) || c is ':' or '.'))
                {
                    return false;
                }
            }

            int lastColon = text.LastIndexOf(':');
            if (text.IndexOf('.', StringComparison.Ordinal) > lastColon && !TryParseIPv4(text[(lastColon + 1)..], out _))
            {
                return false;
            }

            // The dotted form ::ffff:1.2.3.4 is rejected (as in Kubernetes); the hex form ::ffff:102:304 is an IPv6
            // address that compares equal to its IPv4 counterpart.
            if (!IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6
                || (v6.IsIPv4MappedToIPv6 && text.Contains('.', StringComparison.Ordinal)))
            {
                return false;
            }

            value = new IPAddressValue(v6);
            return true;
        }

        if (!TryParseIPv4(text, out var v4))
        {
            return false;
        }

        value = new IPAddressValue(v4!);
        return true;
    }

    public bool TryGetField(string name, out CelValue value)
    {
        value = default;
        return false;
    }

    public string ToCelString() => Address.ToString();

    public override string ToString() => $"ip(\"{ToCelString()}\")";

    public bool Equals(IPAddressValue? other) => other is not null && Unmapped.Equals(other.Unmapped);

    public override bool Equals(object? obj) => Equals(obj as IPAddressValue);

    public override int GetHashCode() => Unmapped.GetHashCode();

    /// <summary>IPv4-mapped IPv6 addresses compare as the IPv4 address they map (Go's <c>netip.Addr.Unmap</c>).</summary>
    private IPAddress Unmapped => Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address;

    public bool IsUnspecified() => Address.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any);

    public bool IsLoopback() => IPAddress.IsLoopback(Address);

    public bool IsLinkLocalMulticast()
    {
        byte[] b = Address.GetAddressBytes();
        return Family == 4 ? b[0] == 224 && b[1] == 0 && b[2] == 0 : b[0] == 0xff && (b[1] & 0x0f) == 0x02;
    }

    public bool IsLinkLocalUnicast()
    {
        byte[] b = Address.GetAddressBytes();
        return Family == 4 ? b[0] == 169 && b[1] == 254 : b[0] == 0xfe && (b[1] & 0xc0) == 0x80;
    }

    /// <summary>Go's <c>netip.Addr.IsGlobalUnicast</c>: not unspecified, loopback, multicast, link-local or broadcast.</summary>
    public bool IsGlobalUnicast()
    {
        byte[] b = Address.GetAddressBytes();
        bool multicast = Family == 4 ? b[0] >= 224 && b[0] <= 239 : b[0] == 0xff;
        bool broadcast = Family == 4 && b.All(static x => x == 255);
        return !IsUnspecified() && !IsLoopback() && !multicast && !IsLinkLocalUnicast() && !broadcast;
    }

    private static bool TryParseIPv4(string text, out IPAddress? address)
    {
        address = null;
        string[] parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        var bytes = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            string part = parts[i];
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit))
            {
                return false;
            }

            int n = int.Parse(part, CultureInfo.InvariantCulture);
            if (n > 255)
            {
                return false;
            }

            bytes[i] = (byte)n;
        }

        address = new IPAddress(bytes);
        return true;
    }
}

using System.Buffers;
using System.Net;
using System.Text.RegularExpressions;

namespace AgentGateway.Config.Validation;

/// <summary>Small syntax checks shared by the section validators.</summary>
internal static class ConfigRules
{
    /// <summary>The lowest valid TCP port.</summary>
    public const int MinPort = 1;

    /// <summary>The highest valid TCP port.</summary>
    public const int MaxPort = 65535;

    // RFC 9110 section 5.6.2: tchar.
    private static readonly SearchValues<char> s_tokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Whether <paramref name="port"/> is a usable TCP port.</summary>
    public static bool IsValidPort(int port) => port is >= MinPort and <= MaxPort;

    /// <summary>The message for a port outside 1–65535.</summary>
    public static string PortOutOfRange(int port) =>
        $"port {port} is out of range; use a TCP port between {MinPort} and {MaxPort}";

    /// <summary>Whether <paramref name="value"/> is an HTTP token (a valid method or header name).</summary>
    public static bool IsHttpToken(string value) =>
        value.Length > 0 && !value.AsSpan().ContainsAnyExcept(s_tokenChars);

    /// <summary>
    /// Compiles <paramref name="pattern"/> the way the route matcher will, and returns the reason when it cannot.
    /// </summary>
    /// <remarks>
    /// <see cref="RegexOptions.NonBacktracking"/> runs in linear time, which is what a pattern applied to every
    /// request should do (the reference uses Rust's <c>regex</c> crate, which has the same limits: no
    /// backreferences, no lookarounds).
    /// </remarks>
    public static string? GetRegexError(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
        catch (NotSupportedException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The message for a regular expression that does not compile.</summary>
    public static string InvalidRegex(string pattern, string reason) =>
        $"invalid regular expression '{pattern}': {reason} Fix the pattern (backreferences and lookarounds are not supported).";

    /// <summary>Whether <paramref name="host"/> is a DNS name, an IPv4 address, or an IPv6 address (bare or in brackets), without a port.</summary>
    public static bool IsHostName(string host)
    {
        if (host.Length > 2 && host[0] == '[' && host[^1] == ']')
        {
            return IPAddress.TryParse(host.AsSpan(1, host.Length - 2), out var v6)
                && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        return IPAddress.TryParse(host, out _) || Uri.CheckHostName(host) == UriHostNameType.Dns;
    }

    /// <summary>Whether <paramref name="hostname"/> is a host name a listener or route can match: a DNS name or IP address, or <c>*.</c> followed by a DNS name.</summary>
    public static bool IsHostnamePattern(string hostname) =>
        IsHostName(hostname.StartsWith("*.", StringComparison.Ordinal) ? hostname[2..] : hostname);

    /// <summary>
    /// Parses a listening address: <c>host:port</c> or <c>[v6]:port</c>, where host is an IP address,
    /// <c>localhost</c> or another DNS name.
    /// </summary>
    public static bool TryParseHostPort(string address, out string host, out int port)
    {
        host = "";
        port = 0;
        int colon;
        if (address.StartsWith('['))
        {
            var close = address.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = address[..(close + 1)];
            colon = close + 1;
        }
        else
        {
            colon = address.LastIndexOf(':');
            if (colon <= 0 || address.AsSpan(0, colon).Contains(':'))
            {
                return false;
            }

            host = address[..colon];
        }

        var portText = address.AsSpan(colon + 1);
        return portText.Length > 0
            && !portText.ContainsAnyExceptInRange('0', '9')
            && int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port)
            && IsHostName(host);
    }
}

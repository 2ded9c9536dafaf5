using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AgentGateway.Config.Validation;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AgentGateway.Hosting;

/// <summary>One management address in force: which setting, as written (or its default), and where it listens.</summary>
internal sealed class ManagementAddress
{
    private readonly IReadOnlyList<IPAddress>? _addresses;

    private ManagementAddress(ManagementRole role, string text, bool isDefault, string host, int port, IReadOnlyList<IPAddress>? addresses)
    {
        Role = role;
        Text = text;
        IsDefault = isDefault;
        Host = host;
        Port = port;
        _addresses = addresses;
    }

    /// <summary>What the address serves.</summary>
    public ManagementRole Role { get; }

    /// <summary>The address as written in the configuration, or the default.</summary>
    public string Text { get; }

    /// <summary>Whether <see cref="Text"/> is the default (the setting is not in the file).</summary>
    public bool IsDefault { get; }

    /// <summary>The host part (<c>[…]</c> kept for IPv6).</summary>
    public string Host { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The setting's YAML path, e.g. <c>config.adminAddr</c>.</summary>
    public string Key => KeyOf(Role);

    /// <summary>The URL to reach it.</summary>
    public string Url => $"http://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The setting's YAML path.</summary>
    public static string KeyOf(ManagementRole role) => role switch
    {
        ManagementRole.Admin => "config.adminAddr",
        ManagementRole.Stats => "config.statsAddr",
        _ => "config.readinessAddr",
    };

    /// <summary>The reference's defaults: the admin API on loopback only, metrics and readiness on every interface.</summary>
    public static string DefaultOf(ManagementRole role) => role switch
    {
        ManagementRole.Admin => "127.0.0.1:15000",
        ManagementRole.Stats => "0.0.0.0:15020",
        _ => "0.0.0.0:15021",
    };

    /// <summary>
    /// Parses a validated <c>host:port</c> (<c>[v6]:port</c>). The host is an IP address, <c>localhost</c> (loopback, IPv4
    /// and IPv6) or a DNS name, resolved now, once.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not an address, or its name does not resolve.</exception>
    public static ManagementAddress Parse(ManagementRole role, string text, bool isDefault)
    {
        var key = KeyOf(role);
        if (!ConfigRules.TryParseHostPort(text, out var host, out var port) || !ConfigRules.IsValidPort(port))
        {
            throw new ArgumentException($"{key}: invalid address '{text}'; use 'host:port' (e.g. '{DefaultOf(role)}') or 'off'");
        }

        var bare = host.Trim('[', ']');
        if (string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new ManagementAddress(role, text, isDefault, host, port, addresses: null);
        }

        if (IPAddress.TryParse(bare, out var ip))
        {
            return new ManagementAddress(role, text, isDefault, host, port, [ip]);
        }

        IPAddress[] resolved;
        try
        {
            resolved = Dns.GetHostAddresses(bare);
        }
        catch (SocketException ex)
        {
            throw new ArgumentException($"{key}: cannot resolve '{bare}' ({ex.Message}); use an IP address such as '{DefaultOf(role)}', or 'off'", ex);
        }

        return resolved.Length > 0
            ? new ManagementAddress(role, text, isDefault, host, port, resolved)
            : throw new ArgumentException($"{key}: '{bare}' resolves to no address; use an IP address such as '{DefaultOf(role)}', or 'off'");
    }

    /// <summary>Adds the Kestrel endpoints of this address.</summary>
    public void Listen(KestrelServerOptions kestrel)
    {
        if (_addresses is null)
        {
            kestrel.ListenLocalhost(Port);
            return;
        }

        foreach (var address in _addresses)
        {
            kestrel.Listen(address, Port);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Key} {Url}";
}

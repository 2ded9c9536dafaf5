using AgentGateway.Proxy.State;
using Microsoft.AspNetCore.Connections.Features;

namespace AgentGateway.Proxy.Pipeline;

/// <summary>
/// Ties a TLS connection to the listener whose settings its handshake used, so that a request cannot reach a listener
/// other than the one it was authenticated for: on a bind whose HTTPS listeners differ (one asks for client
/// certificates, another does not), a client could otherwise make its handshake for one host name (SNI) and send
/// requests for another (Host). Such a request gets 421 Misdirected Request (RFC 9110 §15.5.20).
/// </summary>
internal static class TlsConnection
{
    /// <summary>The connection item holding the <see cref="Security.Tls.ServerTlsSettings.Key"/> the handshake used.</summary>
    public static readonly object ItemKey = new();

    /// <summary>Whether <paramref name="route"/> was selected on a connection whose handshake used another listener's TLS settings.</summary>
    public static bool IsMisdirected(HttpContext context, BindModel? bind, RouteModel route)
    {
        if (bind is not { HasSeveralTlsSettings: true })
        {
            return false;
        }

        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        var used = items is not null && items.TryGetValue(ItemKey, out var value) ? value as string : null;
        return !string.Equals(used, route.TlsKey, StringComparison.Ordinal);
    }
}

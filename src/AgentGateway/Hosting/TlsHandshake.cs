using System.Net.Security;
using AgentGateway.Proxy.Pipeline;
using AgentGateway.Proxy.State;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace AgentGateway.Hosting;

/// <summary>
/// Kestrel's per-connection TLS callback for HTTPS binds: picks the listener by the name the client asked for (SNI)
/// in the current snapshot, and returns its settings with the certificate in use right now. A reloaded configuration
/// or certificate therefore applies to the next connection, with no restart.
/// </summary>
internal sealed class TlsHandshake(IGatewayStateAccessor state, int port)
{
    /// <summary>The Kestrel options that call this handshake.</summary>
    public TlsHandshakeCallbackOptions ToOptions() => new()
    {
        OnConnection = OnConnection,
        HandshakeTimeout = TimeSpan.FromSeconds(10),
    };

    private ValueTask<SslServerAuthenticationOptions> OnConnection(TlsHandshakeCallbackContext context)
    {
        // Validation keeps a bind all-TLS or all-plain, and a reload that would change it is refused: a TLS port always has settings.
        var settings = state.Current.Binds.GetValueOrDefault(port)?.SelectTls(context.ClientHelloInfo.ServerName)
            ?? throw new InvalidOperationException($"port {port} has no TLS settings in the current configuration");
        context.Connection.Items[TlsConnection.ItemKey] = settings.Key;
        return ValueTask.FromResult(settings.CreateOptions());
    }
}

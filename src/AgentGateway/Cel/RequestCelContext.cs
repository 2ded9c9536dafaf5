using System.Text.Json;

namespace AgentGateway.Cel;

/// <summary>
/// The variables of a request for CEL rules: <c>jwt</c> and <c>auth.claims</c> (the validated token's claims, read in
/// place; an empty map when the request is anonymous), <c>request</c> and <c>source</c>. What it needs from the
/// request is copied when it is made, so it stays valid after the request ends (the legacy SSE transport answers on
/// another connection). Made once per request that meets rules.
/// </summary>
internal sealed class RequestCelContext : ICelActivation
{
    private static readonly IReadOnlyDictionary<string, CelValue> s_noClaims = new Dictionary<string, CelValue>(StringComparer.Ordinal);
    private readonly CelValue _jwt;
    private readonly CelValue _auth;
    private readonly CelValue _request;
    private readonly CelValue _source;

    /// <summary>Captures the context of <paramref name="context"/>, with the claims of its validated token, if any.</summary>
    public RequestCelContext(HttpContext context, JsonElement? claims)
    {
        _jwt = claims is { ValueKind: JsonValueKind.Object } c ? CelValue.FromJson(c) : CelValue.FromMap(s_noClaims);
        _auth = CelValue.FromObject(new CelFields("auth", ("claims", _jwt)));
        var request = context.Request;
        var headers = new Dictionary<string, string>(request.Headers.Count, StringComparer.Ordinal);
        foreach (var (name, value) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = value.ToString();
        }

        _request = CelValue.FromObject(new CelFields("request",
            ("method", CelValue.FromString(request.Method)),
            ("path", CelValue.FromString(request.Path.Value ?? "/")),
            ("host", CelValue.FromString(request.Host.Host)),
            ("scheme", CelValue.FromString(request.Scheme)),
            ("headers", CelValue.FromMap(headers))));
        var connection = context.Connection;
        List<(string Name, CelValue Value)> source =
        [
            ("address", CelValue.FromString(connection.RemoteIpAddress?.ToString() ?? "")),
            ("port", CelValue.FromInt64(connection.RemotePort)),
        ];

        // Only on HTTPS listeners with 'root': the handshake verified the certificate against the configured CAs.
        if (connection.ClientCertificate is { } certificate)
        {
            ClientCertificateFields.AddTo(source, certificate);
        }

        _source = CelValue.FromObject(new CelFields("source", [.. source]));
    }

    /// <inheritdoc/>
    public bool TryResolve(string name, out CelValue value)
    {
        value = name switch
        {
            GatewayCel.Jwt => _jwt,
            GatewayCel.Auth => _auth,
            GatewayCel.Request => _request,
            GatewayCel.Source => _source,
            _ => default,
        };
        return name is GatewayCel.Jwt or GatewayCel.Auth or GatewayCel.Request or GatewayCel.Source;
    }
}

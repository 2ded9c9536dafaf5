using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A real identity provider on loopback, shaped like an Auth0 tenant: its issuer ends with <c>/</c>, it serves its
/// JWKS at <c>/.well-known/jwks.json</c> and its RFC 8414 metadata at <c>/.well-known/oauth-authorization-server</c>.
/// Keys are RSA 2048, minted here; tokens are signed here (RS256). Its answers can be scripted (status, keys), and it
/// counts JWKS requests.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, RSA> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _published = new(StringComparer.Ordinal);
    private int _jwksRequests;

    private TestIdentityProvider(WebApplication app)
    {
        _app = app;
    }

    /// <summary><c>http://127.0.0.1:port/</c>, with Auth0's trailing slash.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>The JWKS URL.</summary>
    public string JwksUrl => Issuer + ".well-known/jwks.json";

    /// <summary>How many times the JWKS was requested.</summary>
    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <summary>The status the JWKS endpoint answers with; 200 serves the published keys.</summary>
    public int JwksStatus { get; set; } = 200;

    /// <summary>Starts a provider with one published key, <c>key-1</c>.</summary>
    public static async Task<TestIdentityProvider> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new TestIdentityProvider(app);
        app.MapGet("/.well-known/jwks.json", (HttpContext context) =>
        {
            Interlocked.Increment(ref provider._jwksRequests);
            if (provider.JwksStatus != 200)
            {
                return Results.StatusCode(provider.JwksStatus);
            }

            context.Response.Headers.CacheControl = "max-age=600";
            return Results.Text(provider.JwksJson(), "application/json");
        });
        app.MapGet("/.well-known/oauth-authorization-server", () => Results.Text(new JsonObject
        {
            ["issuer"] = provider.Issuer,
            ["authorization_endpoint"] = provider.Issuer + "authorize",
            ["token_endpoint"] = provider.Issuer + "oauth/token",
            ["jwks_uri"] = provider.JwksUrl,
            ["response_types_supported"] = new JsonArray("code"),
        }.ToJsonString(), "application/json"));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.Issuer = address.TrimEnd('/') + "/";
        provider.AddKey("key-1");
        return provider;
    }

    /// <summary>
    /// The <c>mcpAuthentication</c> policy for this provider, as a YAML flow mapping (<c>{issuer: …, audiences: […],
    /// jwks: {url: …}}</c>) that fits on one line of any test configuration.
    /// </summary>
    public string McpAuthentication(string audience, string mode = "strict") =>
        $"{{mode: {mode}, issuer: {Targets.Q(Issuer)}, audiences: [{Targets.Q(audience)}], jwks: {{url: {Targets.Q(JwksUrl)}}}}}";

    /// <summary>Mints an RSA key; published in the JWKS unless <paramref name="publish"/> is false.</summary>
    public void AddKey(string kid, bool publish = true)
    {
        _keys[kid] = RSA.Create(2048);
        if (publish)
        {
            _published[kid] = 0;
        }
    }

    /// <summary>Publishes or withdraws a key.</summary>
    public void Publish(string kid, bool published)
    {
        if (published)
        {
            _published[kid] = 0;
        }
        else
        {
            _published.TryRemove(kid, out _);
        }
    }

    /// <summary>A token signed with key <paramref name="kid"/> (naming <paramref name="headerKid"/> in its header when given); <c>iss</c> defaults to <see cref="Issuer"/>, <c>exp</c> to an hour from now.</summary>
    public string CreateToken(
        string audience,
        string subject = "alice",
        string[]? permissions = null,
        string kid = "key-1",
        string? issuer = null,
        TimeSpan? expiresIn = null,
        Action<JsonObject>? claims = null,
        string? headerKid = null)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new JsonObject
        {
            ["iss"] = issuer ?? Issuer,
            ["sub"] = subject,
            ["aud"] = audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(expiresIn ?? TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
        };
        if (permissions is not null)
        {
            payload["permissions"] = new JsonArray([.. permissions.Select(p => (JsonNode)p)]);
        }

        claims?.Invoke(payload);
        return Sign(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = headerKid ?? kid }, payload, _keys[kid]);
    }

    /// <summary>Signs a header and payload as given (for hand-made bad tokens).</summary>
    public static string Sign(JsonObject header, JsonObject payload, RSA key)
    {
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>Unpadded base64url.</summary>
    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string JwksJson()
    {
        var keys = new JsonArray();
        foreach (var kid in _published.Keys.Order(StringComparer.Ordinal))
        {
            var parameters = _keys[kid].ExportParameters(includePrivateParameters: false);
            keys.Add(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = kid,
                ["n"] = Base64Url(parameters.Modulus!),
                ["e"] = Base64Url(parameters.Exponent!),
            });
        }

        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }
}

using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentGateway.Hosting.Tokens;

/// <summary>
/// <c>agentgateway token</c>: prints a JWT signed with a private JWK, shaped like an Auth0 access token, for testing
/// <c>mcpAuthentication</c> without an identity provider. Standard output gets the token and nothing else.
/// </summary>
internal static class TokenCommand
{
    /// <summary>The subcommand's name.</summary>
    public const string Name = "token";

    /// <summary>Usage text.</summary>
    public const string Usage = """
        Usage: agentgateway token --key <private-key.jwk.json> --iss <issuer> --aud <audience> [--aud <audience> ...]
                                  [--sub <subject>] [--claim <name>=<value> ...] [--expires-in <duration>]
                                  [--not-before <duration|time>]

        Prints a signed JWT (one line) for testing mcpAuthentication without an identity provider. The header has
        the key's 'alg' and 'kid' and typ JWT; the payload has iss, sub, aud, iat, exp and the --claim values.

        Options:
          -k, --key <file>          Private JWK to sign with (from 'agentgateway keygen'). Required.
              --iss <issuer>        'iss'; must equal mcpAuthentication.issuer exactly (Auth0: with the trailing slash).
              --aud <audience>      'aud'; repeat for several (then 'aud' is an array). Required.
              --sub <subject>       'sub', e.g. alice, or <client_id>@clients for an Auth0 machine-to-machine token.
          -c, --claim <name=value>  Another claim. The value is a string, or JSON when it starts with '[' or '{'.
                                    Repeating a name makes an array. permissions, roles, groups and scp are always
                                    arrays (--claim permissions=read:tools gives ["read:tools"]); scope stays a
                                    space-delimited string. iss, sub, aud, exp, nbf: use their options; iat is now.
              --expires-in <dur>    Lifetime, e.g. 90s, 15m, 1h (default), 1h30m, 1d; negative gives an expired token.
              --not-before <when>   Add 'nbf': a duration from now (5m) or a time (2026-01-01T00:00:00Z).
          -h, --help                Print this help and exit.
        """;

    /// <summary>Runs the subcommand with the arguments after <c>token</c>; returns the exit code.</summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            var options = TokenOptions.Parse(args);
            if (options.ShowHelp)
            {
                await stdout.WriteLineAsync(Usage);
                return 0;
            }

            var claims = TokenClaims.Build(options.Claims);
            var now = timeProvider.GetUtcNow();
            var notBefore = options.ResolveNotBefore(now);
            var expires = now + options.ExpiresIn;
            if (notBefore >= expires)
            {
                throw new CommandLineException("--not-before is at or after the expiry; the token would never be valid");
            }

            using var key = await SigningKeyFile.ReadAsync(options.KeyFile, cancellationToken);
            if (key.KeyId is null)
            {
                await stderr.WriteLineAsync("warning: the key has no 'kid', so the token's header has none; gateways that select keys by kid will reject it");
            }

            await stdout.WriteLineAsync(Create(options, claims, key, now, notBefore, expires));
            return 0;
        }
        catch (CommandLineException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ex.ExitCode;
        }
    }

    /// <summary>Signs the token.</summary>
    private static string Create(
        TokenOptions options, IDictionary<string, object> claims, SigningKey key, DateTimeOffset now, DateTimeOffset? notBefore, DateTimeOffset expires)
    {
        // Registered claims first, in the order Auth0 writes them; an audience list becomes an array, one audience a
        // string. iat/exp/nbf are written from the descriptor only: no default nbf is added.
        var payload = new Dictionary<string, object>(StringComparer.Ordinal);
        if (options.Subject is not null)
        {
            payload["sub"] = options.Subject;
        }

        payload["aud"] = options.Audiences.Count == 1
            ? options.Audiences[0]
            : TokenClaims.ToElement(new JsonArray([.. options.Audiences.Select(audience => JsonValue.Create(audience))]));
        foreach (var (name, value) in claims)
        {
            payload[name] = value;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            IssuedAt = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            NotBefore = notBefore?.UtcDateTime,
            Claims = payload,
            SigningCredentials = key.Credentials,
            TokenType = "JWT",
        };
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        try
        {
            return handler.CreateToken(descriptor);
        }
        catch (Exception ex) when (ex is SecurityTokenException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw new CommandLineException($"cannot sign with the key in '{options.KeyFile}' ({key.Algorithm}): {ex.GetType().Name}");
        }
    }
}

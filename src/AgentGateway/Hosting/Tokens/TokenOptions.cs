using System.Globalization;

namespace AgentGateway.Hosting.Tokens;

/// <summary>The parsed arguments of <c>agentgateway token</c>.</summary>
internal sealed record TokenOptions
{
    /// <summary>The default lifetime: one hour.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    /// <summary>Path of the private JWK. Required.</summary>
    public string KeyFile { get; init; } = "";

    /// <summary>The <c>iss</c> claim. Required; must equal the gateway's <c>mcpAuthentication.issuer</c>.</summary>
    public string Issuer { get; init; } = "";

    /// <summary>The <c>aud</c> claim: a string with one audience, an array with several. At least one is required.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>The <c>sub</c> claim; omitted when null.</summary>
    public string? Subject { get; init; }

    /// <summary>The raw <c>--claim name=value</c> arguments, in order (see <see cref="TokenClaims"/>).</summary>
    public IReadOnlyList<string> Claims { get; init; } = [];

    /// <summary>Time from now to <c>exp</c>; default one hour. Negative mints an expired token.</summary>
    public TimeSpan ExpiresIn { get; init; } = DefaultLifetime;

    /// <summary>The <c>nbf</c> claim: a duration from now, or an absolute time; omitted when null.</summary>
    public string? NotBefore { get; init; }

    /// <summary>Print usage and exit.</summary>
    public bool ShowHelp { get; init; }

    /// <summary>Parses the arguments after <c>token</c>.</summary>
    /// <exception cref="CommandLineException">An argument is unknown, lacks its value, or a duration is invalid.</exception>
    public static TokenOptions Parse(IReadOnlyList<string> args)
    {
        var options = new TokenOptions();
        string? key = null, issuer = null;
        var audiences = new List<string>();
        var claims = new List<string>();
        var reader = new CommandArguments(TokenCommand.Name, args);
        while (reader.MoveNext())
        {
            switch (reader.Option)
            {
                case "--key" or "-k":
                    key = reader.Value("the private JWK file (private-key.jwk.json from 'agentgateway keygen')");
                    break;
                case "--iss":
                    issuer = reader.Value("the issuer, exactly as mcpAuthentication.issuer");
                    break;
                case "--aud":
                    audiences.Add(reader.Value("an audience, one of mcpAuthentication.audiences"));
                    break;
                case "--sub":
                    options = options with { Subject = reader.Value("the subject") };
                    break;
                case "--claim" or "-c":
                    claims.Add(reader.Value("name=value"));
                    break;
                case "--expires-in":
                    var text = reader.Value("a duration such as 15m, 1h or 1d");
                    if (!TokenDuration.TryParse(text, out var lifetime) || lifetime == TimeSpan.Zero)
                    {
                        throw new CommandLineException($"--expires-in '{text}' is not a duration; use a number with a unit, such as 90s, 15m, 1h, 1h30m or 1d");
                    }

                    options = options with { ExpiresIn = lifetime };
                    break;
                case "--not-before":
                    options = options with { NotBefore = reader.Value("a duration from now (such as 5m) or a time (such as 2026-01-01T00:00:00Z)") };
                    break;
                case "-h" or "--help":
                    reader.Flag();
                    options = options with { ShowHelp = true };
                    break;
                default:
                    throw reader.Unknown();
            }
        }

        if (options.ShowHelp)
        {
            return options;
        }

        if (string.IsNullOrEmpty(key))
        {
            throw reader.Missing("--key", "the private JWK file to sign with");
        }

        if (string.IsNullOrEmpty(issuer))
        {
            throw reader.Missing("--iss", "the issuer, exactly as mcpAuthentication.issuer");
        }

        if (audiences.Count == 0 || audiences.Any(string.IsNullOrEmpty))
        {
            throw reader.Missing("--aud", "the audience, one of mcpAuthentication.audiences");
        }

        return options with { KeyFile = key, Issuer = issuer, Audiences = audiences, Claims = claims };
    }

    /// <summary>The <c>nbf</c> time for <paramref name="now"/>, or null when none was asked for.</summary>
    /// <exception cref="CommandLineException">The value is neither a duration nor a time.</exception>
    public DateTimeOffset? ResolveNotBefore(DateTimeOffset now)
    {
        if (NotBefore is null)
        {
            return null;
        }

        if (TokenDuration.TryParse(NotBefore, out var offset))
        {
            return now + offset;
        }

        if (DateTimeOffset.TryParse(NotBefore, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        throw new CommandLineException($"--not-before '{NotBefore}' is neither a duration (such as 5m or -1h) nor a time (such as 2026-01-01T00:00:00Z)");
    }
}

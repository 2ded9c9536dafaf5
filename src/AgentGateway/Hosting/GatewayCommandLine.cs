namespace AgentGateway.Hosting;

/// <summary>The parsed command line: <c>-f/--file</c>, <c>--validate-only</c>, <c>--version</c>, <c>--help</c>.</summary>
/// <remarks>The <c>keygen</c> and <c>token</c> subcommands are dispatched before this by <see cref="GatewayApp"/>.</remarks>
internal sealed record GatewayCommandLine
{
    /// <summary>Path of the configuration file; <c>-</c> reads standard input.</summary>
    public string? File { get; init; }

    /// <summary>Check the configuration and exit.</summary>
    public bool ValidateOnly { get; init; }

    /// <summary>Print the version and exit.</summary>
    public bool ShowVersion { get; init; }

    /// <summary>Print usage and exit.</summary>
    public bool ShowHelp { get; init; }

    /// <summary>Problems with the arguments.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Usage text.</summary>
    public const string Usage = """
        Usage: agentgateway -f <config.yaml> [--validate-only]
               agentgateway keygen --out <dir> [options]
               agentgateway token --key <private-key.jwk.json> --iss <issuer> --aud <audience> [options]

        Options:
          -f, --file <path>   Configuration file (YAML). Use '-' to read it from standard input.
              --validate-only Check the configuration, print the result, and exit (0 = valid, 1 = invalid).
          -V, --version       Print the version and exit.
          -h, --help          Print this help and exit.

        Commands, for testing mcpAuthentication without an identity provider ('agentgateway <command> --help'):
          keygen              Create a signing key: a private JWK, and a JWKS for mcpAuthentication.jwks.file.
          token               Print a JWT signed with that key, with the issuer, audience and claims you give.
        """;

    /// <summary>Parses the arguments.</summary>
    public static GatewayCommandLine Parse(IReadOnlyList<string> args)
    {
        var result = new GatewayCommandLine();
        var errors = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-f" or "--file":
                    if (i + 1 >= args.Count)
                    {
                        errors.Add($"option '{arg}' needs a value: the path of the configuration file");
                    }
                    else
                    {
                        result = result with { File = args[++i] };
                    }

                    break;
                case "--validate-only":
                    result = result with { ValidateOnly = true };
                    break;
                case "-V" or "--version":
                    result = result with { ShowVersion = true };
                    break;
                case "-h" or "--help":
                    result = result with { ShowHelp = true };
                    break;
                default:
                    if (arg.StartsWith("--file=", StringComparison.Ordinal))
                    {
                        result = result with { File = arg["--file=".Length..] };
                    }
                    else
                    {
                        errors.Add($"unknown argument '{arg}'");
                    }

                    break;
            }
        }

        if (result.File is null && !result.ShowHelp && !result.ShowVersion)
        {
            errors.Add("no configuration given: pass -f <config.yaml>");
        }

        return result with { Errors = errors };
    }
}

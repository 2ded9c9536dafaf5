namespace AgentGateway.Hosting.Tokens;

/// <summary>The parsed arguments of <c>agentgateway keygen</c>.</summary>
internal sealed record KeygenOptions
{
    /// <summary>The JWS algorithm of the new key; default <c>RS256</c>.</summary>
    public string Algorithm { get; init; } = JwsAlgorithms.Default;

    /// <summary>The <c>kid</c>; null derives a short one from the key's thumbprint.</summary>
    public string? KeyId { get; init; }

    /// <summary>The directory to write to (created if missing). Required.</summary>
    public string OutputDirectory { get; init; } = "";

    /// <summary>Overwrite existing files.</summary>
    public bool Force { get; init; }

    /// <summary>Print usage and exit.</summary>
    public bool ShowHelp { get; init; }

    /// <summary>Parses the arguments after <c>keygen</c>.</summary>
    /// <exception cref="CommandLineException">An argument is unknown, lacks its value, or is out of range.</exception>
    public static KeygenOptions Parse(IReadOnlyList<string> args)
    {
        var options = new KeygenOptions();
        string? output = null;
        var reader = new CommandArguments(KeygenCommand.Name, args);
        while (reader.MoveNext())
        {
            switch (reader.Option)
            {
                case "--alg":
                    var text = reader.Value("the signing algorithm");
                    var algorithm = JwsAlgorithms.Find(JwsAlgorithms.Generated, text)
                        ?? throw CommandLineException.Usage(KeygenCommand.Name, $"unsupported --alg '{text}'; use one of {string.Join(", ", JwsAlgorithms.Generated)}");
                    options = options with { Algorithm = algorithm };
                    break;
                case "--kid":
                    var keyId = reader.Value("the key id");
                    if (string.IsNullOrWhiteSpace(keyId) || keyId.Any(char.IsControl))
                    {
                        throw CommandLineException.Usage(KeygenCommand.Name, "--kid must be a non-empty id without control characters");
                    }

                    options = options with { KeyId = keyId };
                    break;
                case "--out" or "-o":
                    output = reader.Value("the directory to write the key files to");
                    break;
                case "--force":
                    reader.Flag();
                    options = options with { Force = true };
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

        if (string.IsNullOrEmpty(output))
        {
            throw reader.Missing("--out", "the directory to write private-key.jwk.json and jwks.json to");
        }

        return options with { OutputDirectory = output };
    }
}

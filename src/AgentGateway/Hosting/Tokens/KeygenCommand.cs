using System.Text;

namespace AgentGateway.Hosting.Tokens;

/// <summary>
/// <c>agentgateway keygen</c>: creates a signing key for testing <c>mcpAuthentication</c> without an identity provider.
/// Writes the private JWK (mode 0600 on Unix) and a JWKS holding its public half, for <c>jwks.file</c>.
/// </summary>
internal static class KeygenCommand
{
    /// <summary>The subcommand's name.</summary>
    public const string Name = "keygen";

    /// <summary>The private key's file name in the output directory.</summary>
    public const string PrivateKeyFileName = "private-key.jwk.json";

    /// <summary>The public key set's file name in the output directory.</summary>
    public const string JwksFileName = "jwks.json";

    /// <summary>Usage text.</summary>
    public const string Usage = """
        Usage: agentgateway keygen --out <dir> [--alg RS256|PS256|ES256|ES384] [--kid <id>] [--force]

        Creates a signing key for testing mcpAuthentication without an identity provider, and writes:
          <dir>/private-key.jwk.json  the private key (JWK; file mode 0600). Keep it secret; sign tokens with
                                      'agentgateway token --key <dir>/private-key.jwk.json ...'.
          <dir>/jwks.json             the public key as a JWK Set, for mcpAuthentication.jwks.file.

        Options:
          -o, --out <dir>   Directory to write to (created if missing). Required.
              --alg <alg>   Signing algorithm: RS256 (default, RSA 2048-bit), PS256, ES256 (P-256) or ES384 (P-384).
              --kid <id>    Key id ('kid'). Default: the first 16 characters of the key's RFC 7638 thumbprint.
              --force       Overwrite existing files (otherwise keygen refuses to).
          -h, --help        Print this help and exit.
        """;

    /// <summary>Runs the subcommand with the arguments after <c>keygen</c>; returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        try
        {
            var options = KeygenOptions.Parse(args);
            if (options.ShowHelp)
            {
                await stdout.WriteLineAsync(Usage);
                return 0;
            }

            var privatePath = Path.Combine(options.OutputDirectory, PrivateKeyFileName);
            var jwksPath = Path.Combine(options.OutputDirectory, JwksFileName);
            if (!options.Force)
            {
                foreach (var path in new[] { privatePath, jwksPath })
                {
                    if (File.Exists(path))
                    {
                        throw new CommandLineException($"'{path}' already exists; pass --force to overwrite it");
                    }
                }
            }

            var key = KeyPairGenerator.Generate(options.Algorithm, options.KeyId);
            try
            {
                Directory.CreateDirectory(options.OutputDirectory);
                await WriteAsync(privatePath, key.PrivateJwk, ownerOnly: true, cancellationToken);
                await WriteAsync(jwksPath, key.PublicJwks, ownerOnly: false, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CommandLineException($"cannot write to '{options.OutputDirectory}': {ex.Message}");
            }

            await stdout.WriteLineAsync($"Wrote {privatePath} (private {key.Algorithm} key, kid \"{key.KeyId}\"): keep it secret.");
            await stdout.WriteLineAsync($"Wrote {jwksPath} (its public key): use it as mcpAuthentication.jwks.file.");
            return 0;
        }
        catch (CommandLineException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ex.ExitCode;
        }
    }

    private static async Task WriteAsync(string path, string content, bool ownerOnly, CancellationToken cancellationToken)
    {
        // Replace rather than truncate, so that a fresh file gets the mode below even with --force.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
    }
}

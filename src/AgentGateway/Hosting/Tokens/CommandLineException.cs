namespace AgentGateway.Hosting.Tokens;

/// <summary>
/// A problem with a subcommand's arguments or inputs (bad option, missing file, public-only key…), reported as one
/// <c>error: …</c> line on standard error.
/// </summary>
/// <remarks>
/// The message must never contain key material or token contents: it names files, options and what to do.
/// Exit code 2 means the command line itself is wrong (as for the gateway's own options); 1 means an input is.
/// </remarks>
internal sealed class CommandLineException : Exception
{
    /// <summary>Creates an input error (exit code 1).</summary>
    public CommandLineException(string message)
        : this(message, exitCode: 1)
    {
    }

    /// <summary>Creates an error with the given exit code.</summary>
    public CommandLineException(string message, int exitCode)
        : base(message) => ExitCode = exitCode;

    /// <summary>The process exit code: 2 for a wrong command line, 1 for a bad input.</summary>
    public int ExitCode { get; }

    /// <summary>A wrong command line (unknown option, missing value or required option): exit code 2.</summary>
    public static CommandLineException Usage(string command, string message) =>
        new($"{message} (see 'agentgateway {command} --help')", exitCode: 2);
}

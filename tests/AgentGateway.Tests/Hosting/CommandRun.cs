namespace AgentGateway.Tests.Hosting;

/// <summary>The outcome of a command run in process.</summary>
public sealed record CommandRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output, which must be exactly one line.</summary>
    public string SingleLine()
    {
        var lines = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        return lines[0].TrimEnd('\r');
    }
}

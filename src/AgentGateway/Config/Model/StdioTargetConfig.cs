namespace AgentGateway.Config.Model;

/// <summary>A stdio MCP server: one child process per downstream session.</summary>
public sealed record StdioTargetConfig
{
    /// <summary>Command, found on <c>PATH</c> when not a path. Required.</summary>
    public string Cmd { get; init; } = "";

    /// <summary>Arguments. Optional.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Environment variables added to (or, with <see cref="ClearEnv"/>, replacing) the gateway's. Values are never logged.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Start the process with only <see cref="Env"/> (plus <c>PATH</c>). Default false.</summary>
    public bool ClearEnv { get; init; }
}

namespace AgentGateway.Mcp.Upstreams;

/// <summary>
/// What the stdio servers the gateway starts do not inherit from its environment: the variables the gateway set for
/// its own runtime (<c>GatewayProcess</c>), such as inline socket completions, which are unsafe for a program that
/// blocks (a .NET MCP server among them). A target's <c>env</c> may still set them.
/// </summary>
/// <param name="Withheld">The names of the withheld variables.</param>
internal sealed record StdioEnvironment(IReadOnlyList<string> Withheld)
{
    /// <summary>Nothing withheld (a gateway hosted without <c>GatewayProcess</c>, as in the in-process tests).</summary>
    public static StdioEnvironment Inherited { get; } = new([]);
}

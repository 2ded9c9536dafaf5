namespace AgentGateway.Mcp;

/// <summary>What an access decision is about.</summary>
internal enum McpItemKind
{
    /// <summary>A tool (<c>tools/list</c>, <c>tools/call</c>).</summary>
    Tool,

    /// <summary>A prompt (<c>prompts/list</c>, <c>prompts/get</c>).</summary>
    Prompt,

    /// <summary>A resource or resource template (<c>resources/list</c>, <c>resources/read</c>, subscriptions).</summary>
    Resource,
}

namespace AgentGateway.Mcp;

/// <summary>
/// Who may see and use which tool, prompt and resource, for the caller of one HTTP request; set by the layer in front
/// of the engine in <see cref="McpRequestFeature.Access"/>. The engine removes what is not allowed from lists, and
/// answers a call to it exactly as a call to an unknown name (<c>-32602 Unknown tool: …</c>), so a caller cannot tell
/// a forbidden tool from a missing one.
/// </summary>
internal interface IMcpAccessPolicy
{
    /// <summary>Whether the caller may see and use <paramref name="name"/> (the target's own name, not the prefixed one) of <paramref name="target"/>.</summary>
    bool Allows(McpItemKind kind, string target, string name);
}

namespace AgentGateway.Cel;

/// <summary>
/// A request's variables plus <c>mcp</c>, for an <c>mcpAuthorization</c> rule about one tool, prompt or resource:
/// <c>mcp.tool</c> (or <c>mcp.prompt</c>, <c>mcp.resource</c>) with <c>name</c> — the target's own name, not the prefixed
/// one clients see — and <c>target</c>. The other two are absent, so <c>has(mcp.tool)</c> tells what the rule is about.
/// </summary>
internal sealed class McpCelContext(ICelActivation request, string kind, string target, string name) : ICelActivation
{
    /// <inheritdoc/>
    public bool TryResolve(string variable, out CelValue value)
    {
        if (variable == GatewayCel.Mcp)
        {
            var item = CelValue.FromObject(new CelFields("mcp." + kind, ("name", CelValue.FromString(name)), ("target", CelValue.FromString(target))));
            value = CelValue.FromObject(new CelFields("mcp", (kind, item)));
            return true;
        }

        return request.TryResolve(variable, out value);
    }
}

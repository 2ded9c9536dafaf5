namespace AgentGateway.Cel;

/// <summary>
/// A finished request's variables for access-log expressions: the request's (<see cref="RequestCelContext"/>) plus
/// <c>response.code</c> and <c>mcp.method</c>, <c>mcp.target</c>, <c>mcp.name</c> (absent when the request had none).
/// </summary>
internal sealed class AccessLogCelContext(ICelActivation request, int status, string? mcpMethod, string? mcpTarget, string? mcpName) : ICelActivation
{
    /// <inheritdoc/>
    public bool TryResolve(string name, out CelValue value)
    {
        switch (name)
        {
            case GatewayCel.Response:
                value = CelValue.FromObject(new CelFields("response", ("code", CelValue.FromInt64(status))));
                return true;
            case GatewayCel.Mcp:
                var fields = new List<(string, CelValue)>(3);
                if (mcpMethod is not null) fields.Add(("method", CelValue.FromString(mcpMethod)));
                if (mcpTarget is not null) fields.Add(("target", CelValue.FromString(mcpTarget)));
                if (mcpName is not null) fields.Add(("name", CelValue.FromString(mcpName)));
                value = CelValue.FromObject(new CelFields("mcp", [.. fields]));
                return true;
            default:
                return request.TryResolve(name, out value);
        }
    }
}

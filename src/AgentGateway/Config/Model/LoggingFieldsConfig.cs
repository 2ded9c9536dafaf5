namespace AgentGateway.Config.Model;

/// <summary>Extra fields of the access log.</summary>
public sealed record LoggingFieldsConfig
{
    /// <summary>Field name → CEL expression (e.g. <c>user: jwt.email</c>); a field whose expression errors is left out.</summary>
    public IReadOnlyDictionary<string, string> Add { get; init; } = new Dictionary<string, string>();

    /// <summary>Standard fields left out of every line: <c>method</c>, <c>path</c>, <c>status</c>, <c>duration</c>, <c>route</c>, <c>sub</c>, <c>mcp.method</c>, <c>mcp.target</c>, <c>mcp.name</c>, <c>mcp.session</c> (or the reference's names <c>http.method</c>, <c>http.path</c>, <c>http.status</c>, <c>jwt.sub</c>, <c>mcp.method.name</c>, <c>gen_ai.tool.name</c>, <c>mcp.session.id</c>).</summary>
    public IReadOnlyList<string> Remove { get; init; } = [];
}

namespace AgentGateway.Cel;

/// <summary>
/// The gateway's CEL environments: which variables a rule may name, by where it runs. A rule naming any other
/// variable (a typo such as <c>jwtt.sub</c>) is a configuration error, found at load time.
/// </summary>
internal static class GatewayCel
{
    /// <summary>The validated token's claims (<c>jwt.sub</c>); an empty map for an anonymous request.</summary>
    public const string Jwt = "jwt";

    /// <summary><c>auth.claims</c>: the same claims, as the product document writes them.</summary>
    public const string Auth = "auth";

    /// <summary>The HTTP request: <c>method</c>, <c>path</c>, <c>host</c>, <c>scheme</c>, <c>headers</c>.</summary>
    public const string Request = "request";

    /// <summary>The client connection: <c>address</c>, <c>port</c>; with a client certificate (mutual TLS) also <c>subject</c>, <c>issuer</c>, <c>subjectCn</c>, <c>subjectAltNames</c>, <c>spiffeId</c>.</summary>
    public const string Source = "source";

    /// <summary>The MCP object a rule is about: <c>mcp.tool</c>, <c>mcp.prompt</c> or <c>mcp.resource</c>, each with <c>name</c> and <c>target</c>.</summary>
    public const string Mcp = "mcp";

    /// <summary>The response, for access-log expressions: <c>code</c>.</summary>
    public const string Response = "response";

    /// <summary>For <c>config.logging.filter</c> and <c>fields.add</c>: the request's variables, <c>response.code</c>, and <c>mcp.{method,target,name}</c>.</summary>
    public static CelEnvironment AccessLogRules { get; } = new([Jwt, Auth, Request, Source, Response, Mcp]);

    /// <summary>For <c>authorization</c>: rules over the whole request, evaluated before MCP is parsed.</summary>
    public static CelEnvironment RequestRules { get; } = new([Jwt, Auth, Request, Source]);

    /// <summary>For <c>mcpAuthorization</c>: the request's variables plus <c>mcp</c>.</summary>
    public static CelEnvironment McpRules { get; } = new([Jwt, Auth, Request, Source, Mcp]);
}

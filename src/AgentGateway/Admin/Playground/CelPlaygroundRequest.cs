namespace AgentGateway.Admin.Playground;

/// <summary>The HTTP request a playground rule sees as <c>request</c>.</summary>
/// <param name="Method">Default <c>POST</c>.</param>
/// <param name="Path">Default <c>/mcp</c>.</param>
/// <param name="Host">Default <c>localhost</c>.</param>
/// <param name="Headers">Header names and values (names are lower-cased, as the gateway gives them to rules).</param>
internal sealed record CelPlaygroundRequest(
    string? Method = null, string? Path = null, string? Host = null, IReadOnlyDictionary<string, string>? Headers = null);

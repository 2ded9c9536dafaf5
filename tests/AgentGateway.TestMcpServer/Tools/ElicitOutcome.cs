using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentGateway.TestMcpServer.Tools;

/// <summary>JSON shape returned by the <c>elicit</c> tool.</summary>
/// <param name="Action">accept, decline or cancel.</param>
/// <param name="Content">The submitted form data, if any.</param>
public sealed record ElicitOutcome(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("content")] IDictionary<string, JsonElement>? Content);

using System.Text.Json.Serialization;

namespace AgentGateway.TestMcpServer.Resources;

/// <summary>JSON body of the <c>test://template/{id}/data</c> resource.</summary>
/// <param name="Id">The substituted id.</param>
/// <param name="TemplateTest">Always true.</param>
/// <param name="Data">"Data for ID: {id}".</param>
public sealed record TemplateData(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("templateTest")] bool TemplateTest,
    [property: JsonPropertyName("data")] string Data);

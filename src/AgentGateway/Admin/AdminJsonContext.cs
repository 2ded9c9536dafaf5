using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentGateway.Admin;

/// <summary>Source-generated JSON for the admin API's answers (web naming, indented for people reading them with curl).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdminSessionList))]
[JsonSerializable(typeof(AdminLogLevel))]
[JsonSerializable(typeof(AdminError))]
[JsonSerializable(typeof(AdminIndex))]
internal sealed partial class AdminJsonContext : JsonSerializerContext
{
}

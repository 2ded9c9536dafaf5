using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AgentGateway.Admin.Playground;

namespace AgentGateway.Admin;

/// <summary>Source-generated JSON for the admin API's answers (web naming, indented for people reading them with curl).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdminSessionList))]
[JsonSerializable(typeof(AdminLogLevel))]
[JsonSerializable(typeof(AdminError))]
[JsonSerializable(typeof(AdminIndex))]
[JsonSerializable(typeof(AdminRequestList))]
[JsonSerializable(typeof(AdminRouteInfo))]
[JsonSerializable(typeof(CelEvaluateRequest))]
[JsonSerializable(typeof(CelEvaluateResult))]
internal sealed partial class AdminJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The same contract, writing <c>"</c>, <c>'</c>, <c>&lt;</c> and non-ASCII as they are rather than <c>\u0022</c>: the answers
    /// are read by people (curl, the web UI) and served as JSON with <c>nosniff</c>, never embedded in HTML.
    /// </summary>
    public static AdminJsonContext Relaxed { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

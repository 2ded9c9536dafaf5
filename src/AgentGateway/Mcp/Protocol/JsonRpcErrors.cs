using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Protocol;

/// <summary>Builds JSON-RPC error messages.</summary>
internal static class JsonRpcErrors
{
    /// <summary>An error response for request <paramref name="id"/>.</summary>
    public static JsonRpcError Create(RequestId id, int code, string message, JsonNode? data = null) => new()
    {
        Id = id,
        Error = new JsonRpcErrorDetail { Code = code, Message = message, Data = data },
    };
}

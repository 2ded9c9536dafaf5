using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Protocol;

/// <summary>
/// JSON (de)serialization of JSON-RPC messages through the MCP SDK's source-generated contracts.
/// </summary>
/// <remarks>
/// Messages are the SDK's <see cref="JsonRpcMessage"/> types, whose <c>params</c> and <c>result</c> stay raw
/// <see cref="JsonNode"/>s: every field the gateway does not understand is forwarded untouched.
/// </remarks>
internal static class McpJson
{
    public static JsonSerializerOptions Options => McpJsonUtilities.DefaultOptions;

    public static readonly JsonTypeInfo<JsonRpcMessage> MessageTypeInfo =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    /// <summary>Serializes one message to UTF-8 JSON.</summary>
    public static byte[] Serialize(JsonRpcMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, MessageTypeInfo);

    /// <summary>Writes one message.</summary>
    public static void Write(Utf8JsonWriter writer, JsonRpcMessage message) => JsonSerializer.Serialize(writer, message, MessageTypeInfo);

    /// <summary>Deserializes one message from a parsed element; null when it is not a JSON-RPC message.</summary>
    public static JsonRpcMessage? Deserialize(JsonElement element) => element.Deserialize(MessageTypeInfo);
}

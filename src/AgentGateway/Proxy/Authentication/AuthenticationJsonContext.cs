using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentGateway.Proxy.Authentication;

/// <summary>Source-generated JSON metadata for the documents the authentication endpoints write.</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class AuthenticationJsonContext : JsonSerializerContext;

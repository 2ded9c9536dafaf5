namespace AgentGateway.Mcp.Protocol;

/// <summary>What <see cref="RawJsonRpc.TryParseAnswer"/> found in an upstream line: the numeric id, where it is, and the kind.</summary>
internal readonly record struct RawJsonRpcAnswerInfo(long Id, int IdStart, int IdLength, bool IsError);

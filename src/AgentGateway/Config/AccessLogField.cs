namespace AgentGateway.Config;

/// <summary>The standard fields of an access-log line, as <c>logging.fields.remove</c> names them.</summary>
[Flags]
internal enum AccessLogField
{
    None = 0,
    Method = 1 << 0,
    Path = 1 << 1,
    Status = 1 << 2,
    Duration = 1 << 3,
    Route = 1 << 4,
    Subject = 1 << 5,
    McpMethod = 1 << 6,
    McpTarget = 1 << 7,
    McpName = 1 << 8,
    McpSession = 1 << 9,
}

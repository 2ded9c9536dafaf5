namespace AgentGateway.Mcp.Protocol;

/// <summary>The MCP protocol revisions the gateway speaks to clients.</summary>
internal static class McpProtocolVersions
{
    /// <summary>The legacy HTTP+SSE revision (only through <c>/sse</c> and for upstreams).</summary>
    public const string V2024_11_05 = "2024-11-05";

    /// <summary>First streamable HTTP revision; the version assumed when a client sends no header.</summary>
    public const string V2025_03_26 = "2025-03-26";

    /// <summary>Adds the <c>MCP-Protocol-Version</c> header; removes batches.</summary>
    public const string V2025_06_18 = "2025-06-18";

    /// <summary>The last sessionful revision.</summary>
    public const string V2025_11_25 = "2025-11-25";

    /// <summary>The stateless revision: no initialize, no session, per-request <c>_meta</c>.</summary>
    public const string V2026_07_28 = "2026-07-28";

    /// <summary>The newest sessionful revision the gateway offers to clients that ask for an unknown one.</summary>
    public const string LatestSessionful = V2025_11_25;

    /// <summary>All revisions accepted in <c>initialize</c> and in the <c>MCP-Protocol-Version</c> header.</summary>
    public static IReadOnlyList<string> Supported => s_supported;

    private static readonly string[] s_supported = [V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25, V2026_07_28];

    /// <summary>Whether <paramref name="version"/> is a revision the gateway accepts (checked on every POST: no enumerator).</summary>
    public static bool IsSupported(string? version) => version is not null && Array.IndexOf(s_supported, version) >= 0;

    /// <summary>Whether <paramref name="version"/> is the stateless era (2026-07-28 or later).</summary>
    public static bool IsStateless(string? version) => version is not null && string.CompareOrdinal(version, V2026_07_28) >= 0;

    /// <summary>
    /// Whether a client of <paramref name="version"/> expects an SSE stream to start with a priming event (an event id
    /// and empty data; 2025-11-25 and later). Older clients may take empty data for a malformed message.
    /// </summary>
    public static bool PrimesStreams(string version) => string.CompareOrdinal(version, V2025_11_25) >= 0;

    /// <summary>The lower of two date-shaped versions (they sort as strings).</summary>
    public static string Min(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? a : b;
}

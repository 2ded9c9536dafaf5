using AgentGateway.Telemetry;

namespace AgentGateway.Admin;

/// <summary>The answer of <c>GET /requests</c>.</summary>
/// <param name="Capacity">How many requests the gateway keeps.</param>
/// <param name="Total">How many requests it recorded since it started.</param>
/// <param name="Requests">The requests kept, newest first.</param>
internal sealed record AdminRequestList(int Capacity, long Total, IReadOnlyList<RecentRequest> Requests);

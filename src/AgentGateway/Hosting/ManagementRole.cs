namespace AgentGateway.Hosting;

/// <summary>What a management address serves.</summary>
internal enum ManagementRole
{
    /// <summary><c>config.adminAddr</c>: the admin API.</summary>
    Admin,

    /// <summary><c>config.statsAddr</c>: Prometheus metrics at <c>/metrics</c>.</summary>
    Stats,

    /// <summary><c>config.readinessAddr</c>: <c>/healthz/ready</c>.</summary>
    Readiness,
}

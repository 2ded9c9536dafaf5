namespace AgentGateway.Cel;

/// <summary>Marker for the CEL engine assembly.</summary>
public static class CelAssembly
{
}

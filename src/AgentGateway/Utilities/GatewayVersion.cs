using System.Reflection;

namespace AgentGateway.Utilities;

/// <summary>The gateway's version, read once from the assembly.</summary>
internal static class GatewayVersion
{
    /// <summary>The informational version without the source-revision suffix, e.g. <c>0.1.0</c>.</summary>
    public static readonly string Value = Read();

    private static string Read()
    {
        var v = typeof(GatewayVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = v.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? v : v[..plus];
    }
}

namespace AgentGateway.Cel;

/// <summary>
/// A host object whose fields CEL expressions can select, such as the gateway's <c>mcp.tool</c> or <c>source</c>.
/// </summary>
/// <remarks>
/// Field selection <c>obj.name</c> calls <see cref="TryGetField"/>; a missing field is a CEL error
/// (<c>no such field</c>), so <c>has(obj.name)</c> is the way to test for presence. Implementations must be
/// thread-safe for reads, because one compiled program is evaluated concurrently.
/// Equality between two objects uses <see cref="object.Equals(object?)"/>.
/// </remarks>
public interface ICelObject
{
    /// <summary>The CEL type name reported by <c>type(obj)</c>, for example <c>agentgateway.McpTool</c>.</summary>
    string TypeName { get; }

    /// <summary>Looks up a field by name.</summary>
    /// <param name="name">The field name as written in the expression.</param>
    /// <param name="value">The field value when found.</param>
    /// <returns><see langword="true"/> when the field is present.</returns>
    bool TryGetField(string name, out CelValue value);
}

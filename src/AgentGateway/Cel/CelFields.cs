namespace AgentGateway.Cel;

/// <summary>A small CEL object with fixed fields (<c>source.address</c>, <c>mcp.tool.name</c>); an absent field is an error, so <c>has()</c> works.</summary>
internal sealed class CelFields(string typeName, params (string Name, CelValue Value)[] fields) : ICelObject
{
    /// <inheritdoc/>
    public string TypeName { get; } = typeName;

    /// <inheritdoc/>
    public bool TryGetField(string name, out CelValue value)
    {
        foreach (var (fieldName, fieldValue) in fields)
        {
            if (string.Equals(fieldName, name, StringComparison.Ordinal))
            {
                value = fieldValue;
                return true;
            }
        }

        value = default;
        return false;
    }
}

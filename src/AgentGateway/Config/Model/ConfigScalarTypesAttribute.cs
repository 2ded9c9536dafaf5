namespace AgentGateway.Config.Model;

/// <summary>
/// Marks a string property whose YAML scalar may also be written as another JSON Schema type (e.g. <c>randomSampling: true</c>
/// or <c>randomSampling: 0.25</c>): the binder reads any scalar as text and a validator parses it, and the generated schema
/// lists these types instead of <c>string</c>, so that editors accept what the gateway accepts.
/// </summary>
/// <param name="types">JSON Schema type names (<c>boolean</c>, <c>number</c>, <c>string</c>).</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ConfigScalarTypesAttribute(params string[] types) : Attribute
{
    /// <summary>JSON Schema type names.</summary>
    public IReadOnlyList<string> Types { get; } = types;
}

namespace AgentGateway.Config.Model;

/// <summary>
/// Lets a record also be written as a plain string, which sets the named property: <c>jwks: '{"keys":[…]}'</c> is the
/// same as <c>jwks: {inline: '{"keys":[…]}'}</c>. The reference's schema has such shorthands.
/// </summary>
/// <param name="propertyName">The string property that a scalar sets.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ConfigScalarFormAttribute(string propertyName) : Attribute
{
    /// <summary>The string property that a scalar sets.</summary>
    public string PropertyName { get; } = propertyName;
}

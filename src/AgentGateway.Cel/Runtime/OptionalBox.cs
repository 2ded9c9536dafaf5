namespace AgentGateway.Cel.Runtime;

/// <summary>The payload of a non-empty optional value.</summary>
internal sealed class OptionalBox
{
    public OptionalBox(CelValue value) => Value = value;

    public CelValue Value { get; }
}

namespace AgentGateway.Cel;

/// <summary>A dictionary-backed <see cref="ICelActivation"/>, for tests and simple hosts.</summary>
/// <remarks>Not thread-safe while being filled; share it across threads only once it is complete.</remarks>
public sealed class CelActivation : ICelActivation
{
    private readonly Dictionary<string, CelValue> _values = new(StringComparer.Ordinal);

    /// <summary>An activation without variables.</summary>
    public static ICelActivation Empty => Interpreter.EmptyActivation.Instance;

    /// <summary>Binds (or rebinds) a variable.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This activation, for chaining.</returns>
    public CelActivation Set(string name, CelValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        _values[name] = value;
        return this;
    }

    /// <inheritdoc />
    public bool TryResolve(string name, out CelValue value) => _values.TryGetValue(name, out value);
}

namespace AgentGateway.Cel.Interpreter;

/// <summary>An activation with no variables (constant folding, programs that read none).</summary>
internal sealed class EmptyActivation : ICelActivation
{
    public static readonly EmptyActivation Instance = new();

    public bool TryResolve(string name, out CelValue value)
    {
        value = default;
        return false;
    }
}

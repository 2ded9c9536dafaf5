namespace AgentGateway.Cel.Runtime;

/// <summary>The payload of an error value.</summary>
internal sealed class CelError
{
    public CelError(string message) => Message = message;

    public string Message { get; }

    public override string ToString() => Message;
}

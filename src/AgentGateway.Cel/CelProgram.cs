using AgentGateway.Cel.Interpreter;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel;

/// <summary>A compiled CEL expression. Immutable and thread-safe: evaluate it concurrently from any thread.</summary>
public sealed class CelProgram
{
    private readonly CelNode _root;
    private readonly int _slotCount;

    internal CelProgram(string expression, CelNode root, int slotCount)
    {
        Expression = expression;
        _root = root;
        _slotCount = slotCount;
    }

    /// <summary>The source text the program was compiled from.</summary>
    public string Expression { get; }

    /// <summary>Evaluates the program.</summary>
    /// <param name="activation">The variables' values for this evaluation.</param>
    /// <returns>The result; evaluation failures (a missing key, division by zero, ...) are error values, not exceptions.</returns>
    public CelValue Evaluate(ICelActivation activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        var frame = new EvalFrame(activation, _slotCount == 0 ? null : new CelValue[_slotCount]);
        try
        {
            return _root.Eval(frame);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not StackOverflowException)
        {
            // A host object or function threw: fail closed with an error value, like any other evaluation error.
            return CelErrors.Of($"evaluation failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// Evaluates the program as a rule: <see langword="true"/> only when the result is the boolean <c>true</c>.
    /// An error or a non-boolean result is <see langword="false"/>.
    /// </summary>
    /// <param name="activation">The variables' values for this evaluation.</param>
    /// <returns>Whether the rule matched.</returns>
    public bool EvaluateBool(ICelActivation activation) => Evaluate(activation).IsTrue;

    /// <inheritdoc />
    public override string ToString() => Expression;
}

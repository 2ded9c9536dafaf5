namespace AgentGateway.Cel.Interpreter;

/// <summary>
/// Base of the comprehension macros. One-variable forms bind the element of a list or the key of a map;
/// two-variable forms bind (index, element) or (key, value).
/// </summary>
internal abstract class ComprehensionNode : CelNode
{
    protected ComprehensionNode(CelNode range, int slot, int slot2)
    {
        Range = range;
        Slot = slot;
        Slot2 = slot2;
    }

    protected CelNode Range { get; }

    protected int Slot { get; }

    /// <summary>The slot of the second variable, or -1 for one-variable forms.</summary>
    protected int Slot2 { get; }

    /// <summary>Binds the iteration variables for one element.</summary>
    protected void Bind(in EvalFrame frame, in CelValue key, in CelValue value, bool isMap)
    {
        var locals = frame.Locals!;
        if (Slot2 >= 0)
        {
            locals[Slot] = key;
            locals[Slot2] = value;
        }
        else
        {
            locals[Slot] = isMap ? key : value;
        }
    }
}

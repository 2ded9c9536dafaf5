namespace AgentGateway.Cel.Interpreter;

/// <summary>A strict call with any number of arguments.</summary>
internal sealed class VariadicCallNode : CelNode
{
    private readonly CelNode[] _args;
    private readonly VariadicFunction _function;

    public VariadicCallNode(CelNode[] args, VariadicFunction function)
    {
        _args = args;
        _function = function;
    }

    public override CelValue Eval(in EvalFrame frame)
    {
        var values = new CelValue[_args.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = _args[i].Eval(frame);
            if (values[i].IsError)
            {
                return values[i];
            }
        }

        return _function(values);
    }
}

namespace AgentGateway.Cel.Interpreter;

/// <summary>A strict function of one argument (errors in arguments never reach it).</summary>
/// <param name="a">The argument.</param>
/// <returns>The result.</returns>
internal delegate CelValue UnaryFunction(in CelValue a);

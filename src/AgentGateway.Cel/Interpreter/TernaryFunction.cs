namespace AgentGateway.Cel.Interpreter;

/// <summary>A strict function of three arguments.</summary>
/// <param name="a">The first argument.</param>
/// <param name="b">The second argument.</param>
/// <param name="c">The third argument.</param>
/// <returns>The result.</returns>
internal delegate CelValue TernaryFunction(in CelValue a, in CelValue b, in CelValue c);

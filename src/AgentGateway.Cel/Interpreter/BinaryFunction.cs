namespace AgentGateway.Cel.Interpreter;

/// <summary>A strict function of two arguments.</summary>
/// <param name="a">The first argument (the receiver for receiver-style calls).</param>
/// <param name="b">The second argument.</param>
/// <returns>The result.</returns>
internal delegate CelValue BinaryFunction(in CelValue a, in CelValue b);

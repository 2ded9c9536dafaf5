namespace AgentGateway.Cel.Interpreter;

/// <summary>A strict function of any number of arguments.</summary>
/// <param name="args">The arguments.</param>
/// <returns>The result.</returns>
internal delegate CelValue VariadicFunction(CelValue[] args);

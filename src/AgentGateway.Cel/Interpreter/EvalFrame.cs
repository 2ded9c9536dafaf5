namespace AgentGateway.Cel.Interpreter;

/// <summary>What one evaluation needs: the host's variables and the slots of comprehension variables.</summary>
/// <param name="Activation">The host's variables.</param>
/// <param name="Locals">Comprehension variable slots, or <see langword="null"/> when the program has none.</param>
internal readonly record struct EvalFrame(ICelActivation Activation, CelValue[]? Locals);

namespace AgentGateway.Cel;

/// <summary>Supplies the values of the variables a program reads, for one evaluation.</summary>
/// <remarks>
/// The host implements this for its own request context (a <c>switch</c> on the name is the fastest way);
/// <see cref="CelActivation"/> is a dictionary-backed implementation for simple cases and tests.
/// Only names declared in the <see cref="CelEnvironment"/> are ever asked for.
/// </remarks>
public interface ICelActivation
{
    /// <summary>Resolves a variable.</summary>
    /// <param name="name">A declared variable name, such as <c>jwt</c>.</param>
    /// <param name="value">The value when the variable is bound.</param>
    /// <returns><see langword="false"/> when the variable has no value for this evaluation; reading it is then a CEL error.</returns>
    bool TryResolve(string name, out CelValue value);
}

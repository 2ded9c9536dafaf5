namespace AgentGateway.Cel.Tests.Conformance;

/// <summary>One <c>SimpleTest</c> of a cel-spec conformance file.</summary>
internal sealed record ConformanceCase(string File, string Section, string Name, TextProtoMessage Test)
{
    public string Id => $"{File}/{Section}/{Name}";

    public string Expr => Test.GetString("expr") ?? string.Empty;

    public bool DisableCheck => Test.GetBool("disable_check");

    public override string ToString() => Id;
}

namespace AgentGateway.Admin.Playground;

/// <summary>The answer of <c>POST /cel/evaluate</c>: a value, or an error.</summary>
/// <param name="Value">The result in CEL notation (<c>true</c>, <c>"alice"</c>, <c>[1, 2]</c>); cut at <see cref="CelPlayground.MaxValueLength"/> characters.</param>
/// <param name="Type">The result's CEL type: <c>bool</c>, <c>int</c>, <c>string</c>, <c>list</c>, <c>map</c>, …</param>
/// <param name="Matches">Whether the rule would match: only the boolean <c>true</c> does (an error or any other value does not).</param>
/// <param name="Error">Why there is no value.</param>
internal sealed record CelEvaluateResult(string? Value = null, string? Type = null, bool Matches = false, CelPlaygroundError? Error = null);

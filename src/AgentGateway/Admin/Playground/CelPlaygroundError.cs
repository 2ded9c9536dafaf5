namespace AgentGateway.Admin.Playground;

/// <summary>Why a playground rule has no value.</summary>
/// <param name="Kind"><c>compile</c> (the configuration would refuse it), <c>evaluation</c> (it errors at run time, so it does not match), <c>limit</c> (too large or too slow for the playground) or <c>request</c> (a malformed request).</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Line">For <c>compile</c>: the 1-based line in the expression.</param>
/// <param name="Column">For <c>compile</c>: the 1-based column.</param>
internal sealed record CelPlaygroundError(string Kind, string Message, int? Line = null, int? Column = null);

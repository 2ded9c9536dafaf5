using AgentGateway.Cel;

namespace AgentGateway.Config.Validation;

/// <summary>Compiles the CEL expressions of a configuration (authorization rules, access-log filter and fields) to report their errors.</summary>
internal static class CelRules
{
    /// <summary>Why <paramref name="expression"/> does not compile in <paramref name="environment"/>, or null.</summary>
    public static string? GetCompileError(CelEnvironment environment, string expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return "the rule is empty; write a CEL expression such as '\"read:tools\" in jwt.permissions'";
        }

        try
        {
            environment.Compile(expression);
            return null;
        }
        catch (CelCompileException ex)
        {
            var hint = ex.Reason.Contains("'mcp'", StringComparison.Ordinal) && !environment.DeclaredVariables.Contains(GatewayCel.Mcp)
                ? " ('mcp' is available in mcpAuthorization rules, which run per tool, prompt and resource)"
                : $" (available variables: {string.Join(", ", environment.DeclaredVariables.Order(StringComparer.Ordinal))})";
            return $"invalid CEL at line {ex.Line}, column {ex.Column}: {ex.Reason}" +
                (ex.Reason.Contains("undeclared", StringComparison.OrdinalIgnoreCase) ? hint : "") +
                $"; in: {expression.ReplaceLineEndings(" ")}";
        }
    }
}

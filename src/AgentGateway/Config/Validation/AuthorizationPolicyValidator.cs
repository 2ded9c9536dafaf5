using AgentGateway.Cel;
using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>Checks <c>authorization</c> and <c>mcpAuthorization</c>: each rule has one kind, and compiles as CEL against the variables available where it runs.</summary>
internal sealed class AuthorizationPolicyValidator : IConfigSectionValidator
{
    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        foreach (var (policies, path) in ConfigTree.Policies(config))
        {
            if (policies.Authorization is { } authorization)
            {
                ValidateRules(authorization, path.Property("authorization"), GatewayCel.RequestRules, context);
            }

            if (policies.McpAuthorization is { } mcpAuthorization)
            {
                ValidateRules(mcpAuthorization, path.Property("mcpAuthorization"), GatewayCel.McpRules, context);
            }
        }
    }

    private static void ValidateRules(AuthorizationConfig config, ConfigPath path, CelEnvironment environment, ConfigValidationContext context)
    {
        var rules = path.Property("rules");
        for (var i = 0; i < config.Rules.Count; i++)
        {
            var rule = config.Rules[i];
            var written = new List<(string Key, string Expression)>(1);
            if (rule.Allow is not null) written.Add(("allow", rule.Allow));
            if (rule.If is not null) written.Add(("if", rule.If));
            if (rule.Deny is not null) written.Add(("deny", rule.Deny));
            if (rule.Require is not null) written.Add(("require", rule.Require));
            if (written.Count != 1)
            {
                context.AddError(rules.Index(i), written.Count == 0
                    ? "a rule needs a CEL expression: write it as a string, or as one of {allow: …}, {deny: …}, {require: …}, {if: …}"
                    : $"a rule sets {string.Join(" and ", written.Select(w => $"'{w.Key}'"))}; write one rule per list item");
                continue;
            }

            var (key, expression) = written[0];
            // A plain string binds to 'allow' but sits at the item itself.
            var expressionPath = context.IsWritten(rules.Index(i).Property(key)) ? rules.Index(i).Property(key) : rules.Index(i);
            if (CelRules.GetCompileError(environment, expression) is { } error)
            {
                context.AddError(expressionPath, error);
            }
        }
    }
}

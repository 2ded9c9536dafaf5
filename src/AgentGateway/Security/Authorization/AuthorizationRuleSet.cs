using AgentGateway.Cel;
using AgentGateway.Config.Model;

namespace AgentGateway.Security.Authorization;

/// <summary>
/// Compiled CEL authorization rules, with the reference's semantics: any <c>deny</c> that holds denies; every
/// <c>require</c> must hold; then any <c>allow</c> that holds allows; with allow rules and none holding, deny; with no
/// allow rule, allow. A rule whose evaluation errors or is not a boolean does not hold — in an allow-list that
/// denies, but a <c>deny</c> rule that errors does not deny. Immutable and thread-safe.
/// </summary>
internal sealed class AuthorizationRuleSet
{
    private readonly CelProgram[] _allow;
    private readonly CelProgram[] _deny;
    private readonly CelProgram[] _require;

    private AuthorizationRuleSet(CelProgram[] allow, CelProgram[] deny, CelProgram[] require)
    {
        _allow = allow;
        _deny = deny;
        _require = require;
    }

    /// <summary>How many rules the set has.</summary>
    public int Count => _allow.Length + _deny.Length + _require.Length;

    /// <summary>Compiles the rules of <paramref name="config"/> (validated: every rule compiles).</summary>
    public static AuthorizationRuleSet Compile(AuthorizationConfig config, CelEnvironment environment)
    {
        List<CelProgram> allow = [], deny = [], require = [];
        foreach (var rule in config.Rules)
        {
            if ((rule.Allow ?? rule.If) is { } allowed)
            {
                allow.Add(environment.Compile(allowed));
            }
            else if (rule.Deny is { } denied)
            {
                deny.Add(environment.Compile(denied));
            }
            else if (rule.Require is { } required)
            {
                require.Add(environment.Compile(required));
            }
        }

        return new AuthorizationRuleSet([.. allow], [.. deny], [.. require]);
    }

    /// <summary>
    /// The rules of several attachment points (listener, route) applied together: any deny denies, every require must
    /// hold, the allows are one allow-list. Null when none has rules.
    /// </summary>
    public static AuthorizationRuleSet? Merge(params AuthorizationRuleSet?[] sets)
    {
        var present = sets.Where(s => s is { Count: > 0 }).Select(s => s!).ToArray();
        return present.Length switch
        {
            0 => null,
            1 => present[0],
            _ => new AuthorizationRuleSet(
                [.. present.SelectMany(s => s._allow)], [.. present.SelectMany(s => s._deny)], [.. present.SelectMany(s => s._require)]),
        };
    }

    /// <summary>Whether the rules allow the request described by <paramref name="activation"/>.</summary>
    public bool IsAllowed(ICelActivation activation)
    {
        foreach (var rule in _deny)
        {
            if (rule.EvaluateBool(activation))
            {
                return false;
            }
        }

        foreach (var rule in _require)
        {
            if (!rule.EvaluateBool(activation))
            {
                return false;
            }
        }

        if (_allow.Length == 0)
        {
            return true;
        }

        foreach (var rule in _allow)
        {
            if (rule.EvaluateBool(activation))
            {
                return true;
            }
        }

        return false;
    }
}

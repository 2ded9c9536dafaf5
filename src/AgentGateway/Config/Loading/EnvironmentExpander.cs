using System.Text;

namespace AgentGateway.Config.Loading;

/// <summary>
/// Replaces <c>${NAME}</c> and <c>${NAME:-default}</c> in configuration text with environment variables, before the
/// YAML is parsed (as the reference does). <c>$$</c> writes a literal <c>$</c>; any other <c>$</c> is left as is.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The default is used when the variable is unset or empty (shell <c>:-</c>); it is taken literally up to the first <c>}</c>.</item>
/// <item>An unset variable without a default is an error, and every one is reported, each with its position. It is
/// replaced by <c>$NAME</c>, a plain scalar that keeps the YAML parseable in any position (<c>[${A}, ${B}]</c>) and reads
/// as an unexpanded variable in other messages, so that loading goes on and reports the file's other errors too; the
/// load fails anyway.</item>
/// <item>Expansion runs on the raw text, comments included, so a commented-out <c>${VAR}</c> must be set too (or written <c>$${VAR}</c>).</item>
/// <item>Unlike the reference, <c>$NAME</c> without braces is not expanded.</item>
/// </list>
/// </remarks>
internal static class EnvironmentExpander
{
    // What a malformed reference is replaced with: a plain scalar that is valid YAML in any position.
    private const string InvalidPlaceholder = "$";

    /// <summary>Expands every reference in <paramref name="text"/> using <paramref name="getVariable"/>.</summary>
    public static EnvironmentExpansion Expand(string text, Func<string, string?> getVariable)
    {
        var dollar = text.IndexOf('$', StringComparison.Ordinal);
        if (dollar < 0)
        {
            return new EnvironmentExpansion(text, [], []);
        }

        var output = new StringBuilder(text.Length);
        var substitutions = new List<TextSubstitution>();
        var problems = new List<ExpansionProblem>();
        var position = 0;
        while (dollar >= 0)
        {
            output.Append(text, position, dollar - position);
            position = dollar + 1;
            var next = dollar + 1 < text.Length ? text[dollar + 1] : '\0';
            if (next == '$')
            {
                Replace(dollar, dollar + 2, "$");
            }
            else if (next == '{')
            {
                ExpandReference(dollar);
            }
            else
            {
                output.Append('$');
            }

            dollar = position < text.Length ? text.IndexOf('$', position) : -1;
        }

        output.Append(text, position, text.Length - position);
        return new EnvironmentExpansion(output.ToString(), substitutions, problems);

        void ExpandReference(int start)
        {
            var close = text.IndexOf('}', start + 2);
            var lineEnd = text.IndexOfAny(['\r', '\n'], start + 2);
            if (close < 0 || (lineEnd >= 0 && lineEnd < close))
            {
                problems.Add(new(start, output.Length,
                    "'${' is not closed on this line; write '${NAME}', or '$${' for a literal '${'"));
                Replace(start, start + 2, "");
                return;
            }

            var body = text.AsSpan(start + 2, close - start - 2);
            var separator = body.IndexOf(":-", StringComparison.Ordinal);
            var name = (separator >= 0 ? body[..separator] : body).ToString();
            var fallback = separator >= 0 ? body[(separator + 2)..].ToString() : null;
            if (!IsVariableName(name))
            {
                problems.Add(new(start, output.Length,
                    $"'${{{body}}}' is not a valid variable reference; names are letters, digits and '_', not starting " +
                    "with a digit (write '$$' for a literal '$')"));
                Replace(start, close + 1, InvalidPlaceholder);
                return;
            }

            var value = getVariable(name);
            if (string.IsNullOrEmpty(value) && fallback is not null)
            {
                value = fallback;
            }

            if (value is null)
            {
                problems.Add(new(start, output.Length,
                    $"environment variable '{name}' is not set; set it, or give a default with '${{{name}:-value}}'"));
                value = "$" + name;
            }

            Replace(start, close + 1, value);
        }

        void Replace(int originalStart, int originalEnd, string replacement)
        {
            var expandedStart = output.Length;
            output.Append(replacement);
            substitutions.Add(new(originalStart, originalEnd, expandedStart, output.Length));
            position = originalEnd;
        }
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

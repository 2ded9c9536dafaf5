using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentGateway.Hosting.Tokens;

/// <summary>Turns the <c>--claim name=value</c> arguments of <c>agentgateway token</c> into JWT claims.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>A value is a string, unless it starts with <c>[</c> or <c>{</c>: then it is parsed as JSON.</item>
/// <item>Repeating a name makes an array of the values (the items of a JSON array value are added one by one).</item>
/// <item><c>permissions</c>, <c>roles</c>, <c>groups</c> and <c>scp</c> are always arrays, even with one value, because
///   that is how identity providers send them (Auth0's RBAC <c>permissions</c>, Okta's <c>scp</c>) and what rules such
///   as <c>"read:tools" in auth.claims.permissions</c> expect. An empty value gives an empty array.</item>
/// <item><c>scope</c> stays a space-delimited string, as Auth0 sends it (RFC 8693 §4.2); repeated values are joined.</item>
/// <item>The registered claims set by their own options (<c>iss</c>, <c>sub</c>, <c>aud</c>, <c>exp</c>, <c>nbf</c>,
///   <c>iat</c>) are refused, so a token never carries two different values for one of them.</item>
/// </list>
/// The result maps a name to a <see cref="string"/> or a <see cref="JsonElement"/> (what
/// <c>SecurityTokenDescriptor.Claims</c> writes as is).
/// </remarks>
internal static class TokenClaims
{
    /// <summary>Claims that are always JSON arrays.</summary>
    public static IReadOnlySet<string> ListClaims { get; } = new HashSet<string>(StringComparer.Ordinal) { "permissions", "roles", "groups", "scp" };

    /// <summary>Claims with their own option, and that option.</summary>
    public static IReadOnlyDictionary<string, string> OwnOptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["iss"] = "--iss",
        ["sub"] = "--sub",
        ["aud"] = "--aud",
        ["exp"] = "--expires-in",
        ["nbf"] = "--not-before",
        ["iat"] = "the current time",
    };

    /// <summary>Builds the claims from the <c>--claim</c> values, in the order their names first appear.</summary>
    /// <exception cref="CommandLineException">A value is not <c>name=value</c>, is invalid JSON, or sets a registered claim.</exception>
    public static OrderedDictionary<string, object> Build(IReadOnlyList<string> claimArguments)
    {
        var values = new OrderedDictionary<string, List<JsonNode?>>(StringComparer.Ordinal);
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var argument in claimArguments)
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CommandLineException($"--claim '{argument}' is not name=value (for example --claim permissions=read:tools)");
            }

            var name = argument[..equals];
            var value = argument[(equals + 1)..];
            if (OwnOptions.TryGetValue(name, out var option))
            {
                throw new CommandLineException($"--claim cannot set '{name}': it is set by {option}");
            }

            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }

            occurrences[name] = occurrences.GetValueOrDefault(name) + 1;
            if (name == "scope" || !(value.StartsWith('[') || value.StartsWith('{')))
            {
                if (value.Length > 0 || !ListClaims.Contains(name))
                {
                    list.Add(JsonValue.Create(value));
                }
            }
            else
            {
                list.Add(ParseJson(name, value));
            }
        }

        var claims = new OrderedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, list) in values)
        {
            if (name == "scope")
            {
                claims[name] = string.Join(' ', list.Select(v => v!.GetValue<string>()).Where(s => s.Length > 0));
            }
            else if (occurrences[name] == 1 && !ListClaims.Contains(name))
            {
                var single = list[0];
                claims[name] = single is JsonValue text ? text.GetValue<string>() : ToElement(single);
            }
            else
            {
                var array = new JsonArray();
                foreach (var item in list)
                {
                    if (item is JsonArray items)
                    {
                        foreach (var element in items)
                        {
                            array.Add(element?.DeepClone());
                        }
                    }
                    else
                    {
                        array.Add(item);
                    }
                }

                claims[name] = ToElement(array);
            }
        }

        return claims;
    }

    private static JsonNode? ParseJson(string name, string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException ex)
        {
            throw new CommandLineException(
                $"--claim {name}: the value starts with '{value[0]}' but is not valid JSON ({FirstSentence(ex.Message)}); quote it for your shell, e.g. --claim '{name}=[\"a\",\"b\"]'");
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }

    /// <summary>A JSON node as the <see cref="JsonElement"/> that <c>SecurityTokenDescriptor.Claims</c> writes verbatim.</summary>
    public static JsonElement ToElement(JsonNode? node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}

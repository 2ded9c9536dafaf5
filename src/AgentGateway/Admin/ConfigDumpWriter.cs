using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentGateway.Config.Loading;
using AgentGateway.Config.Model;

namespace AgentGateway.Admin;

/// <summary>
/// Writes a configuration as JSON for <c>/config_dump</c>, with the keys and values the YAML accepts (the binder's
/// rules: <see cref="ConfigNaming"/> keys and enum values, durations such as <c>30m</c>), and every secret redacted.
/// </summary>
/// <remarks>
/// <para>
/// Walks the records by reflection like <see cref="ConfigBinder"/> does, rather than through a serializer contract,
/// so that the dump cannot drift from what the loader reads. It runs only when an operator asks.
/// </para>
/// <para>
/// Redacted: stdio <c>env</c> values (names are kept), <c>backendAuth.key</c> values, header-modifier values and
/// <c>config.tracing.headers</c> values (names are kept), inline JWKS, and anywhere else
/// any string that looks like a credential — a JWT, a <c>Bearer</c> value, a PEM block — and the user part and query
/// string of URLs. Values from <c>${VAR}</c> are already expanded in the records, so this is the only barrier.
/// </para>
/// </remarks>
internal static partial class ConfigDumpWriter
{
    /// <summary>What replaces a secret.</summary>
    public const string Redacted = "<redacted>";

    /// <summary>Properties whose value is always a secret (for a dictionary: each of its values).</summary>
    private static readonly HashSet<(Type Owner, string Property)> s_secrets =
    [
        (typeof(StdioTargetConfig), nameof(StdioTargetConfig.Env)),
        (typeof(BackendKeyConfig), nameof(BackendKeyConfig.Value)),
        (typeof(JwksSourceConfig), nameof(JwksSourceConfig.Inline)),
        (typeof(TracingConfig), nameof(TracingConfig.Headers)),

        // Header values may be credentials (x-api-key: ...); the names are kept.
        (typeof(HeaderModifierConfig), nameof(HeaderModifierConfig.Set)),
        (typeof(HeaderModifierConfig), nameof(HeaderModifierConfig.Add)),
    ];

    /// <summary>Writes <paramref name="record"/> (a config record) as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, object record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        WriteRecord(writer, record);
    }

    /// <summary>A string as the dump shows it: whole when harmless, <see cref="Redacted"/> or trimmed when it carries a credential.</summary>
    public static string Scrub(string value)
    {
        if (JwtLike().IsMatch(value) || value.Contains("-----BEGIN", StringComparison.Ordinal)
            || value.TrimStart().StartsWith("bearer ", StringComparison.OrdinalIgnoreCase)
            || value.TrimStart().StartsWith("basic ", StringComparison.OrdinalIgnoreCase))
        {
            return Redacted;
        }

        if ((value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            && Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.UserInfo.Length > 0 || uri.Query.Length > 0))
        {
            // Credentials ride in the user part (user:password@) and in query strings (?token=…).
            var builder = new UriBuilder(uri) { UserName = "", Password = "", Query = "" };
            return builder.Uri.GetLeftPart(UriPartial.Path) + (uri.Query.Length > 0 ? "?" + Redacted : "");
        }

        return value;
    }

    private static void WriteRecord(Utf8JsonWriter writer, object record)
    {
        var type = record.GetType();
        writer.WriteStartObject();
        foreach (var property in ConfigReflection.PropertiesInDeclarationOrder(type))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length != 0
                || property.GetValue(record) is not { } value)
            {
                continue;
            }

            writer.WritePropertyName(ConfigNaming.ToKey(property.Name));
            if (s_secrets.Contains((type, property.Name)))
            {
                WriteSecret(writer, value);
            }
            else
            {
                WriteValue(writer, value);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteSecret(Utf8JsonWriter writer, object value)
    {
        if (value is IDictionary dictionary)
        {
            writer.WriteStartObject();
            foreach (DictionaryEntry entry in dictionary)
            {
                writer.WriteString((string)entry.Key, Redacted);
            }

            writer.WriteEndObject();
            return;
        }

        writer.WriteStringValue(Redacted);
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string s:
                writer.WriteStringValue(Scrub(s));
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case TimeSpan t:
                writer.WriteStringValue(DurationParser.ToText(t));
                break;
            case Enum e:
                writer.WriteStringValue(ConfigNaming.ToEnumValue(e.GetType(), e.ToString()));
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName((string)entry.Key);
                    if (entry.Value is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        WriteValue(writer, entry.Value);
                    }
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    if (item is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        WriteValue(writer, item);
                    }
                }

                writer.WriteEndArray();
                break;
            default:
                WriteRecord(writer, value);
                break;
        }
    }

    // Three base64url segments, the first one a JSON object's start ("{" encodes to "ey").
    [GeneratedRegex(@"ey[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*", RegexOptions.CultureInvariant)]
    private static partial Regex JwtLike();
}

using AgentGateway.Config.Model;

namespace AgentGateway.Config.Loading;

/// <summary>
/// The naming convention between YAML and the config records: keys and enum values are the camelCase form of the
/// property and member names (<c>PathPrefix</c> ↔ <c>pathPrefix</c>, <c>FailClosed</c> ↔ <c>failClosed</c>).
/// </summary>
/// <remarks>
/// One convention for every type, never an attribute per property, as in the reference (<c>rename_all = "camelCase"</c>).
/// The one exception is the listener protocol, which the reference spells in capitals (<c>HTTP</c>, <c>HTTPS</c>).
/// Enum values are matched case-insensitively, so <c>http</c> and <c>FAILOPEN</c> are accepted too.
/// </remarks>
internal static class ConfigNaming
{
    /// <summary>The YAML key of a property.</summary>
    public static string ToKey(string propertyName) =>
        propertyName.Length == 0 ? propertyName : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];

    /// <summary>How an enum member is written in YAML (and in error messages).</summary>
    public static string ToEnumValue(Type enumType, string memberName) =>
        enumType == typeof(ListenerProtocol) ? memberName.ToUpperInvariant() : ToKey(memberName);
}

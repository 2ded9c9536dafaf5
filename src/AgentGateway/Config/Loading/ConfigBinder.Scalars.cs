using System.Globalization;
using System.Numerics;
using AgentGateway.Config.Validation;

namespace AgentGateway.Config.Loading;

/// <summary>Scalar conversions (integers, booleans, durations, enums) and how types are named in messages.</summary>
internal sealed partial class ConfigBinder
{
    private bool TryBindScalar(YamlValue node, Type type, ConfigPath path, out object? value, Func<string, object?> convert)
    {
        value = node.Kind == YamlValueKind.Scalar ? convert(node.Text) : null;
        return value is not null || Fail(node, path, $"expected {DescribeType(type)}, got {node.Describe()}");
    }

    private bool TryBindInt(YamlValue node, ConfigPath path, out object? value)
    {
        value = null;
        if (node.Kind == YamlValueKind.Scalar)
        {
            if (int.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                value = number;
                return true;
            }

            if (BigInteger.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                return Fail(node, path, $"{node.Describe()} is too large for an integer");
            }
        }

        return Fail(node, path, $"expected an integer, got {node.Describe()}");
    }

    private bool TryBindDuration(YamlValue node, ConfigPath path, out object? value)
    {
        value = null;
        if (node.Kind == YamlValueKind.Scalar && DurationParser.TryParse(node.Text, out var duration))
        {
            value = duration;
            return true;
        }

        if (node.Kind == YamlValueKind.Scalar && node.Text.Length > 0 && node.Text.All(char.IsAsciiDigit))
        {
            return Fail(node, path, $"duration '{node.Text}' has no unit; write e.g. '{node.Text}s' or '{node.Text}m'");
        }

        return Fail(node, path, $"expected a duration, got {node.Describe()}; write {DurationParser.Format}");
    }

    private bool TryBindEnum(YamlValue node, Type type, ConfigPath path, out object? value)
    {
        value = null;
        if (node.Kind == YamlValueKind.Scalar)
        {
            foreach (var name in Enum.GetNames(type))
            {
                if (string.Equals(name, node.Text, StringComparison.OrdinalIgnoreCase))
                {
                    value = Enum.Parse(type, name);
                    return true;
                }
            }
        }

        var allowed = string.Join(", ", Enum.GetNames(type).Select(name => ConfigNaming.ToEnumValue(type, name)));
        if (node.Kind == YamlValueKind.Scalar && ReferenceSchema.IsUnsupportedEnumValue(type, node.Text))
        {
            return Fail(node, path, $"'{node.Text}' is not supported by this version of the gateway yet; use one of: {allowed}");
        }

        return Fail(node, path, node.Kind == YamlValueKind.Scalar
            ? $"invalid value {node.Describe()}; expected one of: {allowed}"
            : $"expected one of: {allowed}, got {node.Describe()}");
    }

    private static string DescribeType(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            return "a string";
        }

        if (target == typeof(int))
        {
            return "an integer";
        }

        if (target == typeof(bool))
        {
            return "true or false";
        }

        if (target == typeof(TimeSpan))
        {
            return "a duration";
        }

        if (target.IsEnum)
        {
            return "one of: " + string.Join(", ", Enum.GetNames(target).Select(name => ConfigNaming.ToEnumValue(target, name)));
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return "a list";
        }

        return target.IsGenericType ? "a mapping of names to values" : "a mapping";
    }

    private static string NullHint(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return "write [] for an empty list, or remove the key";
        }

        return target == typeof(string)
            ? "write '' for an empty string, or remove the key"
            : "give it a value, or remove the key to use the default";
    }
}

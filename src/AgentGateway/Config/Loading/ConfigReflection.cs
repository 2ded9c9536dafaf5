using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace AgentGateway.Config.Loading;

/// <summary>
/// Reflection over the config records that works the same in the JIT build and the native executable
/// (<c>PublishAot</c>), and the reasons the trimming and AOT warnings it raises are suppressed with.
/// </summary>
internal static class ConfigReflection
{
    /// <summary>For reflection over the config records (properties, parameterless constructors, enum types).</summary>
    public const string RecordsKept =
        "The config records are types of this assembly, which the project keeps whole in the native executable " +
        "(TrimmerRootAssembly in AgentGateway.csproj); the native end-to-end tests bind, dump and describe them.";

    /// <summary>For <c>List&lt;T&gt;</c> and <c>Dictionary&lt;string, T&gt;</c> made at run time.</summary>
    public const string ReferenceTypeCollections =
        "Only made for reference types (value types are listed by hand), whose instantiations share the canonical " +
        "code the native compiler always generates for these collections.";

    /// <summary>
    /// The public instance properties of a record in the order its source declares them (a base record's first): the
    /// order of the schema's and the config dump's keys. The native executable has no metadata tokens to sort by, but
    /// both runtimes list a type's own members in declaration order.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = RecordsKept)]
    public static IEnumerable<PropertyInfo> PropertiesInDeclarationOrder(Type type)
    {
        var chain = new Stack<Type>();
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            chain.Push(current);
        }

        foreach (var declaring in chain)
        {
            foreach (var property in declaring.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                yield return property;
            }
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;
using System.Xml.Linq;
using AgentGateway.Config.Loading;

namespace AgentGateway.Config.Schema;

/// <summary>
/// The <c>&lt;summary&gt;</c> of config records and their properties, read from the XML documentation file the build
/// writes next to the assembly (<c>GenerateDocumentationFile</c>), as plain text in the YAML's words: a reference to a
/// property becomes its key (<c>pathPrefix</c>), a reference to an enum member its value (<c>failClosed</c>).
/// </summary>
/// <remarks>
/// The doc comments are the reference documentation of every key (ARCHITECTURE.md rule 12), so the schema reuses them
/// instead of repeating them. The file is looked for next to the assembly, then in the application's directory (the
/// native executable has no assembly file; its publish copies the XML file beside it). Without the file the schema
/// simply has no descriptions.
/// </remarks>
internal sealed class ConfigDocumentation
{
    private readonly Dictionary<string, string> _summaries;

    private ConfigDocumentation(Dictionary<string, string> summaries) => _summaries = summaries;

    /// <summary>Reads the documentation of <paramref name="assembly"/>, or none when its XML file is missing.</summary>
    public static ConfigDocumentation Load(Assembly assembly)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = FindFile(assembly);
        if (path is null)
        {
            return new ConfigDocumentation(summaries);
        }

        var document = XDocument.Load(path);
        foreach (var member in document.Descendants("member"))
        {
            if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
            {
                summaries[name] = Render(summary);
            }
        }

        return new ConfigDocumentation(summaries);
    }

    [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty location (single-file or native executable) falls back to the application's directory.")]
    private static string? FindFile(Assembly assembly)
    {
        var location = assembly.Location;
        if (!string.IsNullOrEmpty(location) && Path.ChangeExtension(location, ".xml") is var besideAssembly && File.Exists(besideAssembly))
        {
            return besideAssembly;
        }

        var inAppDirectory = Path.Combine(AppContext.BaseDirectory, assembly.GetName().Name + ".xml");
        return File.Exists(inAppDirectory) ? inAppDirectory : null;
    }

    /// <summary>The summary of a type, or null.</summary>
    public string? Of(Type type) => _summaries.GetValueOrDefault("T:" + type.FullName);

    /// <summary>The summary of a property, or null.</summary>
    public string? Of(PropertyInfo property) => _summaries.GetValueOrDefault($"P:{property.DeclaringType!.FullName}.{property.Name}");

    private static string Render(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            Append(text, node);
        }

        // Collapse the comment's line breaks and indentation into single spaces.
        return string.Join(' ', text.ToString().Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    private static void Append(StringBuilder text, XNode node)
    {
        switch (node)
        {
            case XText t:
                text.Append(t.Value);
                break;
            case XElement { Name.LocalName: "see" or "seealso" } see:
                text.Append(see.Attribute("langword")?.Value ?? Reference(see.Attribute("cref")?.Value) ?? see.Value);
                break;
            case XElement element:
                foreach (var child in element.Nodes())
                {
                    Append(text, child);
                }

                break;
        }
    }

    /// <summary><c>P:…McpBackendConfig.StatefulMode</c> → <c>statefulMode</c>; <c>F:…McpFailureMode.FailClosed</c> → <c>failClosed</c>; a type → its name.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = ConfigReflection.RecordsKept)]
    private static string? Reference(string? cref)
    {
        if (cref is null || cref.Length < 3)
        {
            return null;
        }

        var name = cref[2..];
        var dot = name.LastIndexOf('.');
        var last = name[(dot + 1)..];
        return cref[0] switch
        {
            'P' => ConfigNaming.ToKey(last),
            'F' when dot > 0 && typeof(ConfigDocumentation).Assembly.GetType(name[..dot]) is { IsEnum: true } enumType => ConfigNaming.ToEnumValue(enumType, last),
            _ => last,
        };
    }
}

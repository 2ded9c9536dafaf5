namespace AgentGateway.Cel.Tests.Conformance;

/// <summary>Finds and loads the cel-spec conformance files that live next to the repository (<c>../shared/cel-spec</c>).</summary>
internal static class ConformanceFiles
{
    public static string LocateSpecDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentGateway.slnx")))
            {
                string spec = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "cel-spec"));
                if (!Directory.Exists(spec))
                {
                    throw new DirectoryNotFoundException(
                        $"The CEL conformance vectors were not found at '{spec}'. They are expected in a 'shared/cel-spec' folder next to the repository root ('{dir.FullName}').");
                }

                return spec;
            }
        }

        throw new DirectoryNotFoundException(
            $"Could not find the repository root (a folder with AgentGateway.slnx) above '{AppContext.BaseDirectory}', so '<repo>/../shared/cel-spec' cannot be located.");
    }

    public static List<ConformanceCase> Load(string path)
    {
        string fileName = Path.GetFileNameWithoutExtension(path);
        var file = TextProtoParser.Parse(File.ReadAllText(path));
        var cases = new List<ConformanceCase>();
        foreach (var section in file.All("section"))
        {
            string sectionName = section.Message!.GetString("name") ?? string.Empty;
            foreach (var test in section.Message.All("test"))
            {
                cases.Add(new ConformanceCase(fileName, sectionName, test.Message!.GetString("name") ?? string.Empty, test.Message));
            }
        }

        return cases;
    }
}

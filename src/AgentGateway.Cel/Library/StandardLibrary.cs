using AgentGateway.Cel.Compilation;

namespace AgentGateway.Cel.Library;

/// <summary>Registers every built-in function: the CEL standard library and the cel-go extensions we support.</summary>
internal static class StandardLibrary
{
    public static FunctionRegistry Create()
    {
        var registry = new FunctionRegistry();
        ConversionFunctions.Register(registry);
        StringFunctions.Register(registry);
        TimeFunctions.Register(registry);
        MathFunctions.Register(registry);
        EncoderFunctions.Register(registry);
        NetworkFunctions.Register(registry);
        OptionalFunctions.Register(registry);

        // Compiled to dedicated nodes (precompiled regex, short-circuiting optionals), not looked up here.
        registry.DeclareSpecialForm("matches");
        registry.DeclareSpecialForm("or");
        registry.DeclareSpecialForm("orValue");
        return registry;
    }
}

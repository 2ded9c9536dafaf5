using AgentGateway.Cel.Compilation;
using AgentGateway.Cel.Library;
using AgentGateway.Cel.Parsing;

namespace AgentGateway.Cel;

/// <summary>
/// Compiles CEL expressions against a fixed set of variables the host provides (the gateway declares <c>jwt</c>,
/// <c>auth</c>, <c>mcp</c>, <c>request</c> and <c>source</c>).
/// </summary>
/// <remarks>
/// <para>
/// Compilation parses the expression, expands macros and resolves every reference. A syntax error, a reference to
/// an undeclared variable (<c>jwtt.sub</c>), an unknown function or an invalid regular-expression literal throws
/// <see cref="CelCompileException"/> with line and column. Fields of variables are not checked, because claims are
/// dynamic: <c>jwt.permisions</c> compiles, and evaluates to a <c>no such key</c> error when the claim is absent.
/// </para>
/// <para>
/// Besides the CEL standard library, these cel-go extensions are available: strings (<c>charAt</c>, <c>indexOf</c>,
/// <c>lastIndexOf</c>, <c>lowerAscii</c>, <c>upperAscii</c>, <c>replace</c>, <c>split</c>, <c>join</c>,
/// <c>substring</c>, <c>trim</c>, <c>format</c>, <c>strings.quote</c>, <c>reverse</c>), math (<c>math.greatest</c>,
/// <c>math.least</c>, <c>math.abs</c>, <c>math.ceil</c>, <c>math.floor</c>, <c>math.round</c>, <c>math.sign</c>,
/// <c>math.trunc</c>, <c>math.sqrt</c>, <c>math.isNaN</c>, <c>math.isInf</c>, <c>math.isFinite</c>, <c>math.bit*</c>),
/// encoders (<c>base64.encode</c>, <c>base64.decode</c>), network (<c>ip</c>, <c>cidr</c>, <c>isIP</c>,
/// <c>isCIDR</c>, <c>ip.isCanonical</c> and their methods), optionals (<c>?.</c>, <c>[?</c>, <c>optional.of</c>,
/// <c>optional.none</c>, <c>optional.ofNonZeroValue</c>, <c>hasValue</c>, <c>value</c>, <c>or</c>, <c>orValue</c>,
/// <c>optMap</c>, <c>optFlatMap</c>), two-variable comprehensions and <c>cel.bind</c>.
/// </para>
/// <para>An environment is immutable and thread-safe; compile once (at configuration load) and evaluate often.</para>
/// </remarks>
public sealed class CelEnvironment
{
    private readonly HashSet<string> _variables;
    private readonly FunctionRegistry _functions;

    /// <summary>Creates an environment with the standard library and extensions.</summary>
    /// <param name="declaredVariables">The variable names expressions may reference (dotted names allowed).</param>
    public CelEnvironment(IEnumerable<string> declaredVariables)
        : this(declaredVariables, [])
    {
    }

    /// <summary>Creates an environment with the standard library, extensions and host functions.</summary>
    /// <param name="declaredVariables">The variable names expressions may reference (dotted names allowed).</param>
    /// <param name="functions">Host functions; a name that exists already gets an extra overload or replaces one of the same shape.</param>
    public CelEnvironment(IEnumerable<string> declaredVariables, IEnumerable<CelFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(declaredVariables);
        ArgumentNullException.ThrowIfNull(functions);
        _variables = new HashSet<string>(declaredVariables, StringComparer.Ordinal);
        _functions = StandardLibrary.Create();
        _functions.RegisteringHostFunctions = true;
        foreach (var function in functions)
        {
            function.Register(_functions);
        }
    }

    /// <summary>The declared variable names.</summary>
    public IReadOnlySet<string> DeclaredVariables => _variables;

    /// <summary>Compiles an expression.</summary>
    /// <param name="expression">The CEL source text.</param>
    /// <returns>The program, ready to evaluate any number of times, concurrently.</returns>
    /// <exception cref="CelCompileException">The expression is invalid; the exception carries line and column.</exception>
    public CelProgram Compile(string expression) => Compile(expression, checkDeclarations: true);

    /// <summary>
    /// Compiles without resolving identifiers and functions up front: unknown ones become evaluation errors.
    /// Only the conformance tests use this (their <c>disable_check</c> cases); the gateway never does.
    /// </summary>
    internal CelProgram Compile(string expression, bool checkDeclarations)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var source = new SourceText(expression);
        var ast = Parser.Parse(source);
        var (root, slots) = Compiler.Compile(source, ast, _functions, _variables, checkDeclarations);
        return new CelProgram(expression, root, slots);
    }
}

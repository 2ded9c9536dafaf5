using AgentGateway.Cel.Interpreter;
using AgentGateway.Cel.Parsing;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Compilation;

/// <summary>
/// Turns a parsed expression into a tree of <see cref="CelNode"/>s, checking every reference on the way:
/// identifiers must be comprehension variables, declared variables (longest dotted prefix wins, as CEL's name
/// resolution says) or type names, and functions must exist with that number of arguments.
/// </summary>
/// <remarks>
/// Field names are not checked: variables such as JWT claims are dynamic, so <c>jwt.permisions</c> compiles (and
/// fails at evaluation with <c>no such key</c>) while <c>jwtt.sub</c> does not compile. Subexpressions whose inputs
/// are all constants are evaluated once here.
/// </remarks>
internal sealed partial class Compiler
{
    private readonly SourceText _source;
    private readonly FunctionRegistry _functions;
    private readonly IReadOnlySet<string> _variables;
    private readonly bool _checkDeclarations;
    private readonly List<string> _scope = [];
    private int _slotCount;

    private Compiler(SourceText source, FunctionRegistry functions, IReadOnlySet<string> variables, bool checkDeclarations)
    {
        _source = source;
        _functions = functions;
        _variables = variables;
        _checkDeclarations = checkDeclarations;
    }

    public static (CelNode Root, int SlotCount) Compile(
        SourceText source, Expr expr, FunctionRegistry functions, IReadOnlySet<string> variables, bool checkDeclarations)
    {
        var compiler = new Compiler(source, functions, variables, checkDeclarations);
        var root = compiler.Compile(expr);
        return (root, compiler._slotCount);
    }

    private CelNode Compile(Expr expr) => expr switch
    {
        ConstantExpr constant => new ConstantNode(constant.Value),
        IdentExpr ident => CompileIdent(ident),
        SelectExpr select => CompileSelect(select),
        IndexExpr index => CompileIndex(index),
        CallExpr call => CompileCall(call),
        ListExpr list => CompileList(list),
        MapExpr map => CompileMap(map),
        ComprehensionExpr comprehension => CompileComprehension(comprehension),
        StructExpr structExpr => throw _source.Error(
            structExpr.Offset,
            $"message construction is not supported: no protobuf message type '{structExpr.TypeName}' is available"),
        _ => throw new InvalidOperationException($"Unknown expression node {expr.GetType().Name}."),
    };

    private CelNode CompileIdent(IdentExpr ident)
    {
        if (!ident.IsRooted && TryGetLocal(ident.Name, out int slot))
        {
            return new LocalNode(slot);
        }

        return ResolveName([ident.Name], ident.Offset);
    }

    private CelNode CompileIndex(IndexExpr index)
    {
        var operand = Compile(index.Operand);
        var key = Compile(index.Index);
        return Fold(new IndexNode(operand, key, index.IsOptional), operand, key);
    }

    private CelNode CompileSelect(SelectExpr select)
    {
        if (select.IsTestOnly)
        {
            var tested = Compile(select.Operand);
            return Fold(new HasNode(tested, select.Field), tested);
        }

        if (select.IsOptional)
        {
            var optionalOperand = Compile(select.Operand);
            return Fold(new OptionalSelectNode(optionalOperand, select.Field), optionalOperand);
        }

        // A dotted name that does not start with a comprehension variable may name a variable itself (a.b.c).
        if (Parser.QualifiedName(select) is { } qualified && RootIdent(select) is { } root && (root.IsRooted || !TryGetLocal(root.Name, out _)))
        {
            string[] segments = (root.IsRooted ? qualified[1..] : qualified).Split('.');
            return ResolveName(segments, root.Offset);
        }

        var operand = Compile(select.Operand);
        return Fold(new SelectNode(operand, select.Field), operand);
    }

    /// <summary>Resolves <c>a.b.c</c>: the longest declared prefix is the variable, the rest are field selections.</summary>
    private CelNode ResolveName(string[] segments, int offset)
    {
        if (!_checkDeclarations)
        {
            return new UncheckedIdentNode(segments);
        }

        for (int length = segments.Length; length >= 1; length--)
        {
            string name = string.Join('.', segments, 0, length);
            CelNode node;
            if (_variables.Contains(name))
            {
                node = new VariableNode(name);
            }
            else if (CelType.TryGetBuiltIn(name, out var type))
            {
                node = new ConstantNode(CelValue.ForType(type));
            }
            else
            {
                continue;
            }

            for (int i = length; i < segments.Length; i++)
            {
                node = Fold(new SelectNode(node, segments[i]), node);
            }

            return node;
        }

        throw _source.Error(offset, $"undeclared reference to '{segments[0]}'");
    }

    private static IdentExpr? RootIdent(Expr expr)
    {
        while (expr is SelectExpr select)
        {
            expr = select.Operand;
        }

        return expr as IdentExpr;
    }

    private bool TryGetLocal(string name, out int slot)
    {
        for (int i = _scope.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_scope[i], name, StringComparison.Ordinal))
            {
                slot = i;
                return true;
            }
        }

        slot = -1;
        return false;
    }

    private int PushLocal(string name)
    {
        _scope.Add(name);
        _slotCount = Math.Max(_slotCount, _scope.Count);
        return _scope.Count - 1;
    }

    private CelNode CompileList(ListExpr list)
    {
        var elements = new CelNode[list.Elements.Count];
        bool anyOptional = false;
        for (int i = 0; i < elements.Length; i++)
        {
            elements[i] = Compile(list.Elements[i]);
            anyOptional |= list.OptionalElements[i];
        }

        return Fold(new CreateListNode(elements, anyOptional ? [.. list.OptionalElements] : null), elements);
    }

    private CelNode CompileMap(MapExpr map)
    {
        var keys = new CelNode[map.Entries.Count];
        var values = new CelNode[map.Entries.Count];
        var optional = new bool[map.Entries.Count];
        bool anyOptional = false;
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = Compile(map.Entries[i].Key);
            values[i] = Compile(map.Entries[i].Value);
            optional[i] = map.Entries[i].IsOptional;
            anyOptional |= optional[i];
        }

        return Fold(new CreateMapNode(keys, values, anyOptional ? optional : null), [.. keys, .. values]);
    }

    private CelNode CompileComprehension(ComprehensionExpr c)
    {
        var range = Compile(c.Range);
        int mark = _scope.Count;
        int slot = PushLocal(c.IterVar);
        int slot2 = c.IterVar2 is null ? -1 : PushLocal(c.IterVar2);
        var filter = c.Filter is null ? null : Compile(c.Filter);
        var step = Compile(c.Step);
        _scope.RemoveRange(mark, _scope.Count - mark);
        return c.Kind switch
        {
            MacroKind.All => new AllNode(range, slot, slot2, step),
            MacroKind.Exists => new ExistsNode(range, slot, slot2, step),
            MacroKind.ExistsOne => new ExistsOneNode(range, slot, slot2, step),
            MacroKind.Map => new MapComprehensionNode(range, slot, -1, filter, step),
            MacroKind.Filter => new MapComprehensionNode(range, slot, -1, step, null),
            MacroKind.TransformList => new MapComprehensionNode(range, slot, slot2, filter, step),
            MacroKind.TransformMap => new TransformMapNode(range, slot, slot2, filter, step),
            MacroKind.OptMap => new OptMapNode(range, slot, step, flat: false),
            MacroKind.OptFlatMap => new OptMapNode(range, slot, step, flat: true),
            _ => new BindNode(range, slot, step),
        };
    }
}

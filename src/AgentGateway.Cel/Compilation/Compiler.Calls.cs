using System.Text.RegularExpressions;
using AgentGateway.Cel.Interpreter;
using AgentGateway.Cel.Library;
using AgentGateway.Cel.Parsing;
using AgentGateway.Cel.Runtime;

namespace AgentGateway.Cel.Compilation;

/// <summary>Operators and function calls.</summary>
internal sealed partial class Compiler
{
    private CelNode CompileCall(CallExpr call)
    {
        string name = call.Function;
        var args = call.Args;
        switch (name)
        {
            case "_&&_":
                {
                    CelNode left = Compile(args[0]), right = Compile(args[1]);
                    return Fold(new AndNode(left, right), left, right);
                }

            case "_||_":
                {
                    CelNode left = Compile(args[0]), right = Compile(args[1]);
                    return Fold(new OrNode(left, right), left, right);
                }

            case "_?_:_":
                {
                    CelNode condition = Compile(args[0]), whenTrue = Compile(args[1]), whenFalse = Compile(args[2]);
                    return Fold(new ConditionalNode(condition, whenTrue, whenFalse), condition, whenTrue, whenFalse);
                }
        }

        if (call.Target is null && args.Count == 2 && Operators.TryGetBinary(name, out var binary))
        {
            CelNode left = Compile(args[0]), right = Compile(args[1]);
            return SpecializeStringOperator(name, left, right) ?? Fold(new BinaryCallNode(left, right, binary), left, right);
        }

        if (call.Target is null && args.Count == 1 && Operators.TryGetUnary(name, out var unary))
        {
            var operand = Compile(args[0]);
            return Fold(new UnaryCallNode(operand, unary), operand);
        }

        if (call.Target is not null)
        {
            // math.greatest(...), base64.encode(...): a namespace, not a receiver, when such a function exists.
            if (Parser.QualifiedName(call.Target) is { } ns && !ns.StartsWith('.') && RootIdent(call.Target) is { } root
                && !TryGetLocal(root.Name, out _) && _functions.TryGet(ns + "." + name, receiver: false, args.Count, out var nsFunction))
            {
                return BuildCall(nsFunction, CompileAll(args));
            }

            switch (name)
            {
                case "matches" when args.Count == 1:
                    return CompileMatches(Compile(call.Target), args[0]);
                case "or" when args.Count == 1:
                    return new OptionalOrNode(Compile(call.Target), Compile(args[0]), unwrap: false);
                case "orValue" when args.Count == 1:
                    return new OptionalOrNode(Compile(call.Target), Compile(args[0]), unwrap: true);
            }

            var target = Compile(call.Target);
            if (name is "startsWith" or "endsWith" or "contains" && args.Count == 1 && !target.IsConstant
                && args[0] is ConstantExpr { Value.Kind: CelValueKind.String } literal)
            {
                return new StringTestNode(target, name, literal.Value.StringValue);
            }

            if (_functions.TryGet(name, receiver: true, args.Count + 1, out var method))
            {
                var all = new CelNode[args.Count + 1];
                all[0] = target;
                for (int i = 0; i < args.Count; i++)
                {
                    all[i + 1] = Compile(args[i]);
                }

                return BuildCall(method, all);
            }

            return Unknown(call, name, args.Count + 1);
        }

        string globalName = name.StartsWith('.') ? name[1..] : name;
        if (globalName == "matches" && args.Count == 2)
        {
            return CompileMatches(Compile(args[0]), args[1]);
        }

        if (_functions.TryGet(globalName, receiver: false, args.Count, out var function))
        {
            return BuildCall(function, CompileAll(args));
        }

        return Unknown(call, globalName, args.Count);
    }

    private CelNode[] CompileAll(IReadOnlyList<Expr> args)
    {
        var nodes = new CelNode[args.Count];
        for (int i = 0; i < nodes.Length; i++)
        {
            nodes[i] = Compile(args[i]);
        }

        return nodes;
    }

    private ErrorNode Unknown(CallExpr call, string name, int arity)
    {
        if (_checkDeclarations)
        {
            throw _functions.Contains(name)
                ? _source.Error(call.Offset, $"found no matching overload for '{name}' with {(call.Target is null ? arity : arity - 1)} argument(s){(call.Target is null ? string.Empty : " on a receiver")}")
                : _source.Error(call.Offset, $"undeclared reference to '{name}'");
        }

        return new ErrorNode(CelErrors.UnboundFunction(name));
    }

    private MatchesNode CompileMatches(CelNode text, Expr patternExpr)
    {
        var pattern = Compile(patternExpr);
        if (pattern is ConstantNode { Value.Kind: CelValueKind.String } constant)
        {
            if (!Re2Regex.TryCompile(constant.Value.StringValue, out Regex? regex, out string error))
            {
                throw _source.Error(patternExpr.Offset, error);
            }

            return new MatchesNode(text, regex!);
        }

        return new MatchesNode(text, pattern);
    }

    private CelNode BuildCall(Delegate function, CelNode[] args)
    {
        CelNode node = function switch
        {
            UnaryFunction f when args.Length == 1 => new UnaryCallNode(args[0], f),
            BinaryFunction f when args.Length == 2 => new BinaryCallNode(args[0], args[1], f),
            TernaryFunction f when args.Length == 3 => new TernaryCallNode(args[0], args[1], args[2], f),
            VariadicFunction f => new VariadicCallNode(args, f),
            _ => throw new InvalidOperationException("Function arity mismatch."),
        };
        return _functions.IsFoldable(function) ? Fold(node, args) : node;
    }

    /// <summary>
    /// The hot shapes of policy rules, <c>'x' in list</c> and <c>a == 'x'</c>, get nodes that compare JSON strings in
    /// place against pre-encoded UTF-8 instead of going through the generic operators.
    /// </summary>
    private static CelNode? SpecializeStringOperator(string name, CelNode left, CelNode right)
    {
        static string? Literal(CelNode node) =>
            node is ConstantNode { Value.Kind: CelValueKind.String } c ? c.Value.StringValue : null;

        switch (name)
        {
            case "@in" when Literal(left) is { } needle && !right.IsConstant:
                return new InStringNode(needle, right);
            case "_==_" or "_!=_" when Literal(right) is { } literal && !left.IsConstant:
                return new StringEqualsNode(left, literal, negate: name == "_!=_");
            case "_==_" or "_!=_" when Literal(left) is { } literal && !right.IsConstant:
                return new StringEqualsNode(right, literal, negate: name == "_!=_");
            default:
                return null;
        }
    }
}

namespace AgentGateway.Cel.Parsing;

/// <summary>Macro expansion: <c>has</c>, the comprehension macros, <c>optMap</c>/<c>optFlatMap</c> and <c>cel.bind</c>.</summary>
internal sealed partial class Parser
{
    private Expr ExpandMacro(CallExpr call)
    {
        var args = call.Args;
        if (call.Target is null)
        {
            if (call.Function == "has")
            {
                if (args.Count == 1 && args[0] is SelectExpr { IsOptional: false, IsTestOnly: false } select)
                {
                    return new SelectExpr(select.Offset, select.Operand, select.Field, isTestOnly: true);
                }

                throw _source.Error(call.Offset, "Syntax error: invalid argument to has() macro (expected a field selection such as has(a.b))");
            }

            return Checked(call);
        }

        var target = call.Target;
        switch (call.Function)
        {
            case "all" when args.Count is 2 or 3:
                return Comprehension(call, MacroKind.All);
            case "exists" when args.Count is 2 or 3:
                return Comprehension(call, MacroKind.Exists);
            case "exists_one" when args.Count == 2:
            case "existsOne" when args.Count is 2 or 3:
                return Comprehension(call, MacroKind.ExistsOne);
            case "map" when args.Count is 2 or 3:
                return args.Count == 2
                    ? Checked(new ComprehensionExpr(call.Offset, MacroKind.Map, target, VarName(args[0]), null, null, args[1]))
                    : Checked(new ComprehensionExpr(call.Offset, MacroKind.Map, target, VarName(args[0]), null, args[1], args[2]));
            case "filter" when args.Count == 2:
                return Checked(new ComprehensionExpr(call.Offset, MacroKind.Filter, target, VarName(args[0]), null, null, args[1]));
            case "transformList" when args.Count is 3 or 4:
            case "transformMap" when args.Count is 3 or 4:
                {
                    var kind = call.Function == "transformList" ? MacroKind.TransformList : MacroKind.TransformMap;
                    string first = VarName(args[0]);
                    string second = VarName(args[1]);
                    CheckDistinct(args[1], first, second);
                    return args.Count == 3
                        ? Checked(new ComprehensionExpr(call.Offset, kind, target, first, second, null, args[2]))
                        : Checked(new ComprehensionExpr(call.Offset, kind, target, first, second, args[2], args[3]));
                }

            case "optMap" when args.Count == 2:
                return Checked(new ComprehensionExpr(call.Offset, MacroKind.OptMap, target, VarName(args[0]), null, null, args[1]));
            case "optFlatMap" when args.Count == 2:
                return Checked(new ComprehensionExpr(call.Offset, MacroKind.OptFlatMap, target, VarName(args[0]), null, null, args[1]));
            case "bind" when args.Count == 3 && target is IdentExpr { Name: "cel", IsRooted: false }:
                return Checked(new ComprehensionExpr(call.Offset, MacroKind.Bind, args[1], VarName(args[0]), null, null, args[2]));
            default:
                return Checked(call);
        }
    }

    private ComprehensionExpr Comprehension(CallExpr call, MacroKind kind)
    {
        var args = call.Args;
        if (args.Count == 2)
        {
            return Checked(new ComprehensionExpr(call.Offset, kind, call.Target!, VarName(args[0]), null, null, args[1]));
        }

        string first = VarName(args[0]);
        string second = VarName(args[1]);
        CheckDistinct(args[1], first, second);
        return Checked(new ComprehensionExpr(call.Offset, kind, call.Target!, first, second, null, args[2]));
    }

    private string VarName(Expr arg) => arg is IdentExpr { IsRooted: false } ident
        ? ident.Name
        : throw _source.Error(arg.Offset, "Syntax error: argument must be a simple name");

    private void CheckDistinct(Expr at, string first, string second)
    {
        if (first == second)
        {
            throw _source.Error(at.Offset, $"Syntax error: duplicate variable name '{second}'");
        }
    }
}

namespace AgentGateway.Cel.Parsing;

/// <summary>Member access, calls, literals and aggregate literals.</summary>
internal sealed partial class Parser
{
    private Expr ParseMember(bool negateLiteral)
    {
        var expr = ParsePrimary(negateLiteral);
        while (true)
        {
            switch (_current.Kind)
            {
                case TokenKind.Dot:
                    {
                        int offset = Advance().Offset;
                        bool optional = Accept(TokenKind.Question);
                        var name = _current;
                        if (name.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier))
                        {
                            throw _source.Error(name.Offset, $"Syntax error: expected a field or method name after '.', found {Describe(name)}");
                        }

                        Advance();
                        if (!optional && name.Kind == TokenKind.Identifier && _current.Kind == TokenKind.LeftParen)
                        {
                            Advance();
                            var args = ParseArguments(TokenKind.RightParen);
                            expr = ExpandMacro(new CallExpr(name.Offset, expr, name.Text!, args));
                        }
                        else
                        {
                            expr = Checked(new SelectExpr(offset, expr, name.Text!, isOptional: optional));
                        }

                        break;
                    }

                case TokenKind.LeftBracket:
                    {
                        int offset = Advance().Offset;
                        bool optional = Accept(TokenKind.Question);
                        var index = ParseExpr();
                        Expect(TokenKind.RightBracket, "']'");
                        expr = Checked(new IndexExpr(offset, expr, index, optional));
                        break;
                    }

                case TokenKind.LeftBrace when QualifiedName(expr) is { } typeName:
                    expr = ParseStruct(expr.Offset, typeName);
                    break;
                default:
                    return expr;
            }
        }
    }

    private Expr ParsePrimary(bool negateLiteral)
    {
        var token = _current;
        switch (token.Kind)
        {
            case TokenKind.IntLiteral:
                Advance();
                if (negateLiteral)
                {
                    if (token.Integer > 1UL << 63)
                    {
                        throw _source.Error(token.Offset, "Syntax error: integer literal out of range");
                    }

                    return new ConstantExpr(token.Offset, CelValue.FromInt64(unchecked(-(long)token.Integer)));
                }

                if (token.Integer > long.MaxValue)
                {
                    throw _source.Error(token.Offset, "Syntax error: integer literal out of range");
                }

                return new ConstantExpr(token.Offset, CelValue.FromInt64((long)token.Integer));
            case TokenKind.UintLiteral:
                Advance();
                return new ConstantExpr(token.Offset, CelValue.FromUInt64(token.Integer));
            case TokenKind.DoubleLiteral:
                Advance();
                return new ConstantExpr(token.Offset, CelValue.FromDouble(negateLiteral ? -token.Double : token.Double));
            case TokenKind.StringLiteral:
                Advance();
                return new ConstantExpr(token.Offset, CelValue.FromString(token.Text!));
            case TokenKind.BytesLiteral:
                Advance();
                return new ConstantExpr(token.Offset, new CelValue(CelValueKind.Bytes, token.Bytes));
            case TokenKind.True:
                Advance();
                return new ConstantExpr(token.Offset, CelValue.True);
            case TokenKind.False:
                Advance();
                return new ConstantExpr(token.Offset, CelValue.False);
            case TokenKind.Null:
                Advance();
                return new ConstantExpr(token.Offset, CelValue.Null);
            case TokenKind.LeftParen:
                {
                    Advance();
                    var inner = ParseExpr();
                    Expect(TokenKind.RightParen, "')'");
                    return inner;
                }

            case TokenKind.LeftBracket:
                return ParseList();
            case TokenKind.LeftBrace:
                return ParseMap();
            case TokenKind.Dot:
                {
                    Advance();
                    var name = _current;
                    if (name.Kind != TokenKind.Identifier)
                    {
                        throw _source.Error(name.Offset, $"Syntax error: expected an identifier after a leading '.', found {Describe(name)}");
                    }

                    return ParseIdentifierOrCall(rooted: true);
                }

            case TokenKind.Identifier:
                return ParseIdentifierOrCall(rooted: false);
            default:
                throw Unexpected();
        }
    }

    private Expr ParseIdentifierOrCall(bool rooted)
    {
        var name = Advance();
        if (s_reserved.Contains(name.Text!))
        {
            throw _source.Error(name.Offset, $"Syntax error: reserved identifier '{name.Text}'");
        }

        if (_current.Kind == TokenKind.LeftParen)
        {
            Advance();
            var args = ParseArguments(TokenKind.RightParen);
            return ExpandMacro(new CallExpr(name.Offset, null, rooted ? "." + name.Text : name.Text!, args));
        }

        return new IdentExpr(name.Offset, name.Text!, rooted);
    }

    private List<Expr> ParseArguments(TokenKind close)
    {
        var args = new List<Expr>();
        if (Accept(close))
        {
            return args;
        }

        while (true)
        {
            args.Add(ParseExpr());
            if (Accept(close))
            {
                return args;
            }

            Expect(TokenKind.Comma, $"',' or '{TokenText(close)}'");
        }
    }

    private ListExpr ParseList()
    {
        int offset = Advance().Offset;
        var elements = new List<Expr>();
        var optional = new List<bool>();
        while (_current.Kind != TokenKind.RightBracket)
        {
            optional.Add(Accept(TokenKind.Question));
            elements.Add(ParseExpr());
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }

        Expect(TokenKind.RightBracket, "',' or ']'");
        return Checked(new ListExpr(offset, elements, optional));
    }

    private MapExpr ParseMap()
    {
        int offset = Advance().Offset;
        var entries = new List<MapEntryExpr>();
        while (_current.Kind != TokenKind.RightBrace)
        {
            bool optional = Accept(TokenKind.Question);
            var key = ParseExpr();
            Expect(TokenKind.Colon, "':'");
            var value = ParseExpr();
            entries.Add(new MapEntryExpr(key, value, optional));
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }

        Expect(TokenKind.RightBrace, "',' or '}'");
        return Checked(new MapExpr(offset, entries));
    }

    private StructExpr ParseStruct(int offset, string typeName)
    {
        Advance();
        var names = new List<string>();
        var values = new List<Expr>();
        while (_current.Kind != TokenKind.RightBrace)
        {
            Accept(TokenKind.Question);
            var field = _current;
            if (field.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier))
            {
                throw _source.Error(field.Offset, $"Syntax error: expected a field name, found {Describe(field)}");
            }

            Advance();
            Expect(TokenKind.Colon, "':'");
            names.Add(field.Text!);
            values.Add(ParseExpr());
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }

        Expect(TokenKind.RightBrace, "',' or '}'");
        return Checked(new StructExpr(offset, typeName, names, values));
    }

    /// <summary>The dotted name of an identifier or plain selection chain (<c>a.b.C</c>), otherwise null.</summary>
    internal static string? QualifiedName(Expr expr) => expr switch
    {
        IdentExpr ident => ident.IsRooted ? "." + ident.Name : ident.Name,
        SelectExpr { IsOptional: false, IsTestOnly: false } select when QualifiedName(select.Operand) is { } prefix => prefix + "." + select.Field,
        _ => null,
    };
}

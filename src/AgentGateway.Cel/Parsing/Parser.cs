namespace AgentGateway.Cel.Parsing;

/// <summary>
/// Recursive-descent parser for the CEL grammar, with macro expansion.
/// </summary>
/// <remarks>
/// Precedence, lowest first: <c>?:</c>, <c>||</c>, <c>&amp;&amp;</c>, relations (<c>== != &lt; &lt;= &gt; &gt;= in</c>),
/// <c>+ -</c>, <c>* / %</c>, unary <c>! -</c>, then member access, indexing and calls. Chains of <c>&amp;&amp;</c>
/// and <c>||</c> are built as balanced trees (as cel-go does) so long rule lists stay shallow.
/// </remarks>
internal sealed partial class Parser
{
    /// <summary>Maximum nesting of the tree; deeper input is rejected instead of risking a stack overflow.</summary>
    public const int MaxDepth = 250;

    private static readonly HashSet<string> s_reserved = new(StringComparer.Ordinal)
    {
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
        "package", "namespace", "return", "var", "void", "while",
    };

    private readonly SourceText _source;
    private readonly Lexer _lexer;
    private Token _current;
    private int _recursion;

    private Parser(SourceText source)
    {
        _source = source;
        _lexer = new Lexer(source);
        _current = _lexer.Next();
    }

    public static Expr Parse(SourceText source)
    {
        var parser = new Parser(source);
        if (parser._current.Kind == TokenKind.EndOfInput)
        {
            throw source.Error(0, "Syntax error: empty expression");
        }

        var expr = parser.ParseExpr();
        if (parser._current.Kind != TokenKind.EndOfInput)
        {
            throw parser.Unexpected();
        }

        return expr;
    }

    private Token Advance()
    {
        var token = _current;
        _current = _lexer.Next();
        return token;
    }

    private bool Accept(TokenKind kind)
    {
        if (_current.Kind == kind)
        {
            Advance();
            return true;
        }

        return false;
    }

    private Token Expect(TokenKind kind, string what)
    {
        if (_current.Kind != kind)
        {
            throw _source.Error(_current.Offset, $"Syntax error: expected {what}, found {Describe(_current)}");
        }

        return Advance();
    }

    private CelCompileException Unexpected() =>
        _source.Error(_current.Offset, $"Syntax error: unexpected {Describe(_current)}");

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.EndOfInput => "end of expression",
        TokenKind.Identifier or TokenKind.QuotedIdentifier => $"identifier '{token.Text}'",
        TokenKind.IntLiteral or TokenKind.UintLiteral or TokenKind.DoubleLiteral => "number",
        TokenKind.StringLiteral => "string",
        TokenKind.BytesLiteral => "bytes",
        _ => $"'{TokenText(token.Kind)}'",
    };

    private static string TokenText(TokenKind kind) => kind switch
    {
        TokenKind.True => "true",
        TokenKind.False => "false",
        TokenKind.Null => "null",
        TokenKind.In => "in",
        TokenKind.LeftParen => "(",
        TokenKind.RightParen => ")",
        TokenKind.LeftBracket => "[",
        TokenKind.RightBracket => "]",
        TokenKind.LeftBrace => "{",
        TokenKind.RightBrace => "}",
        TokenKind.Dot => ".",
        TokenKind.Comma => ",",
        TokenKind.Colon => ":",
        TokenKind.Question => "?",
        TokenKind.Plus => "+",
        TokenKind.Minus => "-",
        TokenKind.Star => "*",
        TokenKind.Slash => "/",
        TokenKind.Percent => "%",
        TokenKind.Bang => "!",
        TokenKind.EqualEqual => "==",
        TokenKind.BangEqual => "!=",
        TokenKind.Less => "<",
        TokenKind.LessEqual => "<=",
        TokenKind.Greater => ">",
        TokenKind.GreaterEqual => ">=",
        TokenKind.AndAnd => "&&",
        TokenKind.OrOr => "||",
        _ => kind.ToString(),
    };

    private T Checked<T>(T expr)
        where T : Expr
    {
        if (expr.Depth > MaxDepth)
        {
            throw _source.Error(expr.Offset, $"Syntax error: expression nested more than {MaxDepth} levels deep");
        }

        return expr;
    }

    private Expr ParseExpr()
    {
        if (++_recursion > MaxDepth)
        {
            throw _source.Error(_current.Offset, $"Syntax error: expression nested more than {MaxDepth} levels deep");
        }

        var condition = ParseLogical(TokenKind.OrOr);
        if (_current.Kind == TokenKind.Question)
        {
            int offset = Advance().Offset;
            var whenTrue = ParseLogical(TokenKind.OrOr);
            Expect(TokenKind.Colon, "':'");
            var whenFalse = ParseExpr();
            condition = Checked(new CallExpr(offset, null, "_?_:_", [condition, whenTrue, whenFalse]));
        }

        _recursion--;
        return condition;
    }

    /// <summary>Parses a chain of <c>||</c> (or <c>&amp;&amp;</c>) into a balanced tree.</summary>
    private Expr ParseLogical(TokenKind op)
    {
        var first = op == TokenKind.OrOr ? ParseLogical(TokenKind.AndAnd) : ParseRelation();
        if (_current.Kind != op)
        {
            return first;
        }

        var operands = new List<Expr> { first };
        var offsets = new List<int>();
        while (_current.Kind == op)
        {
            offsets.Add(Advance().Offset);
            operands.Add(op == TokenKind.OrOr ? ParseLogical(TokenKind.AndAnd) : ParseRelation());
        }

        return Balance(op == TokenKind.OrOr ? "_||_" : "_&&_", operands, offsets, 0, operands.Count - 1);
    }

    private Expr Balance(string function, List<Expr> operands, List<int> offsets, int lo, int hi)
    {
        if (lo == hi)
        {
            return operands[lo];
        }

        int mid = (lo + hi + 1) / 2;
        var left = Balance(function, operands, offsets, lo, mid - 1);
        var right = Balance(function, operands, offsets, mid, hi);
        return Checked(new CallExpr(offsets[mid - 1], null, function, [left, right]));
    }

    private Expr ParseRelation()
    {
        var left = ParseAddition();
        while (true)
        {
            string? function = _current.Kind switch
            {
                TokenKind.EqualEqual => "_==_",
                TokenKind.BangEqual => "_!=_",
                TokenKind.Less => "_<_",
                TokenKind.LessEqual => "_<=_",
                TokenKind.Greater => "_>_",
                TokenKind.GreaterEqual => "_>=_",
                TokenKind.In => "@in",
                _ => null,
            };
            if (function is null)
            {
                return left;
            }

            int offset = Advance().Offset;
            var right = ParseAddition();
            left = Checked(new CallExpr(offset, null, function, [left, right]));
        }
    }

    private Expr ParseAddition()
    {
        var left = ParseMultiplication();
        while (_current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var right = ParseMultiplication();
            left = Checked(new CallExpr(op.Offset, null, op.Kind == TokenKind.Plus ? "_+_" : "_-_", [left, right]));
        }

        return left;
    }

    private Expr ParseMultiplication()
    {
        var left = ParseUnary();
        while (_current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            var right = ParseUnary();
            string function = op.Kind switch
            {
                TokenKind.Star => "_*_",
                TokenKind.Slash => "_/_",
                _ => "_%_",
            };
            left = Checked(new CallExpr(op.Offset, null, function, [left, right]));
        }

        return left;
    }

    private Expr ParseUnary()
    {
        if (_current.Kind == TokenKind.Bang)
        {
            var offsets = new List<int>();
            while (_current.Kind == TokenKind.Bang)
            {
                offsets.Add(Advance().Offset);
            }

            var operand = ParseMember(negateLiteral: false);
            for (int i = offsets.Count - 1; i >= 0; i--)
            {
                operand = Checked(new CallExpr(offsets[i], null, "!_", [operand]));
            }

            return operand;
        }

        if (_current.Kind == TokenKind.Minus)
        {
            var offsets = new List<int>();
            while (_current.Kind == TokenKind.Minus)
            {
                offsets.Add(Advance().Offset);
            }

            // The minus directly before an int or double literal belongs to the literal, so that
            // -9223372036854775808 is a valid int; any further minus signs are negations.
            bool foldIntoLiteral = _current.Kind is TokenKind.IntLiteral or TokenKind.DoubleLiteral;
            var operand = ParseMember(negateLiteral: foldIntoLiteral);
            int negations = foldIntoLiteral ? offsets.Count - 1 : offsets.Count;
            for (int i = negations - 1; i >= 0; i--)
            {
                operand = Checked(new CallExpr(offsets[i], null, "-_", [operand]));
            }

            return operand;
        }

        return ParseMember(negateLiteral: false);
    }
}

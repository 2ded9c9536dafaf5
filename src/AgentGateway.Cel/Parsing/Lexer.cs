using System.Globalization;

namespace AgentGateway.Cel.Parsing;

/// <summary>
/// Splits CEL source into tokens. Every character must belong to a token, whitespace or a comment:
/// anything else (a stray <c>$</c>, a lone <c>=</c>) is a syntax error, never silently skipped.
/// </summary>
internal sealed partial class Lexer
{
    private readonly SourceText _source;
    private readonly string _text;
    private int _pos;

    public Lexer(SourceText source)
    {
        _source = source;
        _text = source.Text;
    }

    public Token Next()
    {
        SkipTrivia();
        if (_pos >= _text.Length)
        {
            return new Token(TokenKind.EndOfInput, _text.Length);
        }

        int start = _pos;
        char c = _text[_pos];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            return ReadIdentifierOrPrefixedString(start);
        }

        if (char.IsAsciiDigit(c) || (c == '.' && Peek(1) is >= '0' and <= '9'))
        {
            return ReadNumber(start);
        }

        switch (c)
        {
            case '"':
            case '\'':
                return ReadString(start, raw: false, bytes: false);
            case '`':
                return ReadQuotedIdentifier(start);
            case '(':
                return Single(TokenKind.LeftParen);
            case ')':
                return Single(TokenKind.RightParen);
            case '[':
                return Single(TokenKind.LeftBracket);
            case ']':
                return Single(TokenKind.RightBracket);
            case '{':
                return Single(TokenKind.LeftBrace);
            case '}':
                return Single(TokenKind.RightBrace);
            case '.':
                return Single(TokenKind.Dot);
            case ',':
                return Single(TokenKind.Comma);
            case ':':
                return Single(TokenKind.Colon);
            case '?':
                return Single(TokenKind.Question);
            case '+':
                return Single(TokenKind.Plus);
            case '-':
                return Single(TokenKind.Minus);
            case '*':
                return Single(TokenKind.Star);
            case '/':
                return Single(TokenKind.Slash);
            case '%':
                return Single(TokenKind.Percent);
            case '!':
                return Peek(1) == '=' ? Double(TokenKind.BangEqual) : Single(TokenKind.Bang);
            case '=':
                return Peek(1) == '=' ? Double(TokenKind.EqualEqual) : throw Error(start, "Syntax error: unexpected character '=' (use '==' to compare)");
            case '<':
                return Peek(1) == '=' ? Double(TokenKind.LessEqual) : Single(TokenKind.Less);
            case '>':
                return Peek(1) == '=' ? Double(TokenKind.GreaterEqual) : Single(TokenKind.Greater);
            case '&':
                return Peek(1) == '&' ? Double(TokenKind.AndAnd) : throw Error(start, "Syntax error: unexpected character '&' (use '&&')");
            case '|':
                return Peek(1) == '|' ? Double(TokenKind.OrOr) : throw Error(start, "Syntax error: unexpected character '|' (use '||')");
            default:
                throw Error(start, $"Syntax error: unexpected character {Describe(c)}");
        }
    }

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";

    private char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private Token Single(TokenKind kind)
    {
        var token = new Token(kind, _pos);
        _pos++;
        return token;
    }

    private Token Double(TokenKind kind)
    {
        var token = new Token(kind, _pos);
        _pos += 2;
        return token;
    }

    private CelCompileException Error(int offset, string reason) => _source.Error(offset, reason);

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                _pos++;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private Token ReadIdentifierOrPrefixedString(int start)
    {
        // String prefixes: r, b, rb, br in any case, directly followed by a quote.
        int p = _pos;
        bool raw = false, bytes = false;
        for (int i = 0; i < 2 && p < _text.Length; i++, p++)
        {
            char c = char.ToLowerInvariant(_text[p]);
            if (c == 'r' && !raw)
            {
                raw = true;
            }
            else if (c == 'b' && !bytes)
            {
                bytes = true;
            }
            else
            {
                break;
            }

            if (p + 1 < _text.Length && _text[p + 1] is '"' or '\'')
            {
                _pos = p + 1;
                return ReadString(start, raw, bytes);
            }
        }

        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        string name = _text[start.._pos];
        return name switch
        {
            "true" => new Token(TokenKind.True, start),
            "false" => new Token(TokenKind.False, start),
            "null" => new Token(TokenKind.Null, start),
            "in" => new Token(TokenKind.In, start),
            _ => new Token(TokenKind.Identifier, start, name),
        };
    }

    private Token ReadQuotedIdentifier(int start)
    {
        _pos++;
        int nameStart = _pos;
        while (_pos < _text.Length && _text[_pos] != '`')
        {
            char c = _text[_pos];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/' or ' '))
            {
                throw Error(_pos, $"Syntax error: invalid character {Describe(c)} in quoted identifier");
            }

            _pos++;
        }

        if (_pos >= _text.Length)
        {
            throw Error(start, "Syntax error: unterminated quoted identifier");
        }

        if (_pos == nameStart)
        {
            throw Error(start, "Syntax error: empty quoted identifier");
        }

        string name = _text[nameStart.._pos];
        _pos++;
        return new Token(TokenKind.QuotedIdentifier, start, name);
    }

    private Token ReadNumber(int start)
    {
        if (_text[_pos] == '0' && (Peek(1) == 'x' || Peek(1) == 'X'))
        {
            _pos += 2;
            int digitsStart = _pos;
            while (_pos < _text.Length && char.IsAsciiHexDigit(_text[_pos]))
            {
                _pos++;
            }

            if (_pos == digitsStart)
            {
                throw Error(start, "Syntax error: invalid hexadecimal literal");
            }

            if (!ulong.TryParse(_text.AsSpan(digitsStart, _pos - digitsStart), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hex))
            {
                throw Error(start, "Syntax error: integer literal out of range");
            }

            return IntegerSuffix(start, hex);
        }

        bool isDouble = false;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        if (_pos < _text.Length && _text[_pos] == '.' && Peek(1) is >= '0' and <= '9')
        {
            isDouble = true;
            _pos++;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }
        }

        if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
        {
            int p = _pos + 1;
            if (p < _text.Length && (_text[p] == '+' || _text[p] == '-'))
            {
                p++;
            }

            if (p < _text.Length && char.IsAsciiDigit(_text[p]))
            {
                isDouble = true;
                _pos = p;
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                {
                    _pos++;
                }
            }
        }

        var span = _text.AsSpan(start, _pos - start);
        if (isDouble)
        {
            double d = double.Parse(span, NumberStyles.Float, CultureInfo.InvariantCulture);
            return new Token(TokenKind.DoubleLiteral, start, Double: d);
        }

        if (!ulong.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
        {
            throw Error(start, "Syntax error: integer literal out of range");
        }

        return IntegerSuffix(start, value);
    }

    private Token IntegerSuffix(int start, ulong value)
    {
        if (_pos < _text.Length && (_text[_pos] == 'u' || _text[_pos] == 'U'))
        {
            _pos++;
            return new Token(TokenKind.UintLiteral, start, Integer: value);
        }

        return new Token(TokenKind.IntLiteral, start, Integer: value);
    }
}

using System.Text;

namespace AgentGateway.Cel.Parsing;

/// <summary>
/// String and bytes literals: quotes (<c>' " ''' """</c>), prefixes (<c>r</c>, <c>b</c>, <c>rb</c> in any case) and
/// escapes (<c>\a \b \f \n \r \t \v \\ \' \" \` \?</c>, <c>\xHH</c>, octal <c>\ooo</c>, <c>\uHHHH</c>,
/// <c>\UHHHHHHHH</c>). In bytes literals <c>\x</c> and octal escapes are raw bytes; elsewhere text is UTF-8 encoded.
/// </summary>
internal sealed partial class Lexer
{
    private Token ReadString(int start, bool raw, bool bytes)
    {
        char quote = _text[_pos];
        bool triple = Peek(1) == quote && Peek(2) == quote;
        _pos += triple ? 3 : 1;
        var chars = bytes ? null : new StringBuilder();
        var byteList = bytes ? new List<byte>() : null;
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error(start, "Syntax error: unterminated string literal");
            }

            char c = _text[_pos];
            if (c == quote && (!triple || (Peek(1) == quote && Peek(2) == quote)))
            {
                _pos += triple ? 3 : 1;
                break;
            }

            if (!triple && (c == '\n' || c == '\r'))
            {
                throw Error(start, "Syntax error: unterminated string literal (use a triple-quoted string for multiple lines)");
            }

            if (c == '\\' && !raw)
            {
                ReadEscape(chars, byteList);
                continue;
            }

            if (char.IsHighSurrogate(c) && _pos + 1 < _text.Length && char.IsLowSurrogate(_text[_pos + 1]))
            {
                AppendCodePoint(chars, byteList, char.ConvertToUtf32(c, _text[_pos + 1]));
                _pos += 2;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                throw Error(_pos, "Syntax error: invalid UTF-16 surrogate in string literal");
            }

            AppendCodePoint(chars, byteList, c);
            _pos++;
        }

        return bytes
            ? new Token(TokenKind.BytesLiteral, start, Bytes: [.. byteList!])
            : new Token(TokenKind.StringLiteral, start, chars!.ToString());
    }

    private static void AppendCodePoint(StringBuilder? chars, List<byte>? bytes, int codePoint)
    {
        if (chars is not null)
        {
            if (codePoint < 0x10000)
            {
                chars.Append((char)codePoint);
            }
            else
            {
                chars.Append(char.ConvertFromUtf32(codePoint));
            }
        }
        else
        {
            Span<byte> buffer = stackalloc byte[4];
            int n = new Rune(codePoint).EncodeToUtf8(buffer);
            for (int i = 0; i < n; i++)
            {
                bytes!.Add(buffer[i]);
            }
        }
    }

    private void ReadEscape(StringBuilder? chars, List<byte>? bytes)
    {
        int escapeStart = _pos;
        _pos++;
        if (_pos >= _text.Length)
        {
            throw Error(escapeStart, "Syntax error: unterminated escape sequence");
        }

        char e = _text[_pos++];
        switch (e)
        {
            case 'a': AppendCodePoint(chars, bytes, '\a'); return;
            case 'b': AppendCodePoint(chars, bytes, '\b'); return;
            case 'f': AppendCodePoint(chars, bytes, '\f'); return;
            case 'n': AppendCodePoint(chars, bytes, '\n'); return;
            case 'r': AppendCodePoint(chars, bytes, '\r'); return;
            case 't': AppendCodePoint(chars, bytes, '\t'); return;
            case 'v': AppendCodePoint(chars, bytes, '\v'); return;
            case '\\':
            case '\'':
            case '"':
            case '`':
            case '?':
                AppendCodePoint(chars, bytes, e);
                return;
            case 'x':
            case 'X':
                {
                    int value = ReadHex(escapeStart, 2);
                    AppendOctet(chars, bytes, value);
                    return;
                }

            case 'u':
            case 'U':
                {
                    int value = ReadHex(escapeStart, e == 'u' ? 4 : 8);
                    if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
                    {
                        throw Error(escapeStart, "Syntax error: invalid Unicode code point in escape sequence");
                    }

                    AppendCodePoint(chars, bytes, value);
                    return;
                }

            case >= '0' and <= '3':
                {
                    if (_pos + 2 > _text.Length || _text[_pos] is < '0' or > '7' || _text[_pos + 1] is < '0' or > '7')
                    {
                        throw Error(escapeStart, "Syntax error: invalid octal escape sequence (expected three octal digits)");
                    }

                    int value = ((e - '0') * 64) + ((_text[_pos] - '0') * 8) + (_text[_pos + 1] - '0');
                    _pos += 2;
                    AppendOctet(chars, bytes, value);
                    return;
                }

            default:
                throw Error(escapeStart, $"Syntax error: invalid escape sequence '\\{e}'");
        }
    }

    /// <summary>\x and octal escapes: a raw byte in bytes literals, a code point up to U+00FF in strings.</summary>
    private static void AppendOctet(StringBuilder? chars, List<byte>? bytes, int value)
    {
        if (bytes is not null)
        {
            bytes.Add((byte)value);
        }
        else
        {
            chars!.Append((char)value);
        }
    }

    private int ReadHex(int escapeStart, int count)
    {
        if (_pos + count > _text.Length)
        {
            throw Error(escapeStart, "Syntax error: truncated hexadecimal escape sequence");
        }

        int value = 0;
        for (int i = 0; i < count; i++)
        {
            char h = _text[_pos + i];
            if (!char.IsAsciiHexDigit(h))
            {
                throw Error(escapeStart, "Syntax error: invalid hexadecimal escape sequence");
            }

            value = (value * 16) + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
        }

        _pos += count;
        return value;
    }
}

using System.Globalization;
using System.Text;

namespace AgentGateway.Cel.Tests.Conformance;

/// <summary>
/// A small parser for the protobuf text format, enough for the cel-spec SimpleTestFile files: fields with scalar or
/// message values (<c>{}</c> or <c>&lt;&gt;</c>), <c>[type.googleapis.com/...]</c> Any expansions, comments,
/// adjacent string concatenation and C-style string escapes (decoded to bytes, since text-format strings are bytes).
/// </summary>
internal sealed class TextProtoParser
{
    private readonly string _text;
    private int _pos;

    private TextProtoParser(string text) => _text = text;

    public static TextProtoMessage Parse(string text)
    {
        var parser = new TextProtoParser(text);
        var message = parser.ParseFields(endChar: '\0');
        parser.SkipTrivia();
        if (parser._pos < text.Length)
        {
            throw parser.Error("unexpected content");
        }

        return message;
    }

    private FormatException Error(string message)
    {
        int line = 1 + _text.AsSpan(0, Math.Min(_pos, _text.Length)).Count('\n');
        return new FormatException($"textproto line {line}: {message}");
    }

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '#')
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

    private TextProtoMessage ParseFields(char endChar)
    {
        var message = new TextProtoMessage();
        while (true)
        {
            SkipTrivia();
            if (_pos >= _text.Length)
            {
                if (endChar != '\0')
                {
                    throw Error($"missing '{endChar}'");
                }

                return message;
            }

            if (_text[_pos] == endChar)
            {
                _pos++;
                return message;
            }

            string name = ParseFieldName();
            SkipTrivia();
            bool colon = false;
            if (_pos < _text.Length && _text[_pos] == ':')
            {
                colon = true;
                _pos++;
                SkipTrivia();
            }

            TextProtoValue value;
            if (_pos < _text.Length && (_text[_pos] == '{' || _text[_pos] == '<'))
            {
                char close = _text[_pos] == '{' ? '}' : '>';
                _pos++;
                value = new TextProtoValue { Message = ParseFields(close) };
            }
            else if (!colon)
            {
                throw Error($"expected ':' or '{{' after field '{name}'");
            }
            else
            {
                value = ParseScalar();
            }

            message.Fields.Add(new(name, value));
            SkipTrivia();
            if (_pos < _text.Length && (_text[_pos] == ',' || _text[_pos] == ';'))
            {
                _pos++;
            }
        }
    }

    private string ParseFieldName()
    {
        if (_text[_pos] == '[')
        {
            int end = _text.IndexOf(']', _pos);
            if (end < 0)
            {
                throw Error("unterminated extension name");
            }

            string ext = _text[_pos..(end + 1)];
            _pos = end + 1;
            return ext;
        }

        int start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error($"unexpected character '{_text[_pos]}'");
        }

        return _text[start.._pos];
    }

    private TextProtoValue ParseScalar()
    {
        char c = _text[_pos];
        if (c == '"' || c == '\'')
        {
            var bytes = new List<byte>();
            while (_pos < _text.Length && (_text[_pos] == '"' || _text[_pos] == '\''))
            {
                ReadString(bytes);
                SkipTrivia();
            }

            return new TextProtoValue { StringBytes = [.. bytes] };
        }

        int start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-' or '+' or '.'))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error($"unexpected character '{c}' in value");
        }

        return new TextProtoValue { Scalar = _text[start.._pos] };
    }

    private void ReadString(List<byte> bytes)
    {
        char quote = _text[_pos++];
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n')
            {
                throw Error("unterminated string");
            }

            char c = _text[_pos++];
            if (c == quote)
            {
                return;
            }

            if (c != '\\')
            {
                int codePoint = c;
                if (char.IsHighSurrogate(c) && _pos < _text.Length)
                {
                    codePoint = char.ConvertToUtf32(c, _text[_pos++]);
                }

                int n = new Rune(codePoint).EncodeToUtf8(utf8);
                for (int i = 0; i < n; i++)
                {
                    bytes.Add(utf8[i]);
                }

                continue;
            }

            char e = _text[_pos++];
            switch (e)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'v': bytes.Add(11); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '\'': bytes.Add((byte)'\''); break;
                case '"': bytes.Add((byte)'"'); break;
                case '?': bytes.Add((byte)'?'); break;
                case 'x':
                case 'X':
                    {
                        int start = _pos;
                        while (_pos < _text.Length && _pos - start < 2 && char.IsAsciiHexDigit(_text[_pos]))
                        {
                            _pos++;
                        }

                        bytes.Add(byte.Parse(_text.AsSpan(start, _pos - start), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        break;
                    }

                case 'u':
                case 'U':
                    {
                        int len = e == 'u' ? 4 : 8;
                        int codePoint = int.Parse(_text.AsSpan(_pos, len), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        _pos += len;
                        int n = new Rune(codePoint).EncodeToUtf8(utf8);
                        for (int i = 0; i < n; i++)
                        {
                            bytes.Add(utf8[i]);
                        }

                        break;
                    }

                case >= '0' and <= '7':
                    {
                        int value = e - '0';
                        for (int k = 0; k < 2 && _pos < _text.Length && _text[_pos] is >= '0' and <= '7'; k++)
                        {
                            value = (value * 8) + (_text[_pos++] - '0');
                        }

                        bytes.Add((byte)value);
                        break;
                    }

                default:
                    throw Error($"unknown escape '\\{e}'");
            }
        }
    }
}

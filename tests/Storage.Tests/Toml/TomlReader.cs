using System.Globalization;
using System.Text;

namespace Wsc.Storage.Tests.Toml;

/// <summary>
/// A small TOML reader, enough for the web3protocol-tests files: comments, tables, arrays of tables, dotted
/// headers, basic and literal strings, integers, booleans, inline arrays and inline tables. Tables are
/// Dictionary&lt;string, object&gt;, arrays List&lt;object&gt;, integers long.
/// </summary>
public sealed class TomlReader
{
    private readonly string _text;
    private int _pos;

    private TomlReader(string text) => _text = text;

    /// <summary>Parses a whole document.</summary>
    public static Dictionary<string, object> Parse(string text) => new TomlReader(text).Document();

    private Dictionary<string, object> Document()
    {
        var root = new Dictionary<string, object>();
        var current = root;
        while (true)
        {
            SkipBlank();
            if (_pos >= _text.Length)
            {
                return root;
            }
            if (_text[_pos] == '[')
            {
                var array = _pos + 1 < _text.Length && _text[_pos + 1] == '[';
                _pos += array ? 2 : 1;
                var keys = Keys(']');
                Expect(']');
                if (array)
                {
                    Expect(']');
                }
                var parent = Walk(root, keys.Take(keys.Count - 1));
                var last = keys[^1];
                if (array)
                {
                    if (!parent.TryGetValue(last, out var existing))
                    {
                        parent[last] = existing = new List<object>();
                    }
                    current = new Dictionary<string, object>();
                    ((List<object>)existing).Add(current);
                }
                else
                {
                    current = Walk(parent, [last]);
                }
                EndOfLine();
                continue;
            }
            var key = Keys('=');
            Expect('=');
            var target = Walk(current, key.Take(key.Count - 1));
            target[key[^1]] = Value();
            EndOfLine();
        }
    }

    private static Dictionary<string, object> Walk(Dictionary<string, object> table, IEnumerable<string> keys)
    {
        foreach (var k in keys)
        {
            if (!table.TryGetValue(k, out var next))
            {
                table[k] = next = new Dictionary<string, object>();
            }
            // A header naming an array of tables continues its last element.
            table = next is List<object> list ? (Dictionary<string, object>)list[^1] : (Dictionary<string, object>)next;
        }
        return table;
    }

    private List<string> Keys(char end)
    {
        var keys = new List<string>();
        while (true)
        {
            SkipSpaces();
            if (_text[_pos] is '"' or '\'')
            {
                keys.Add(StringValue());
            }
            else
            {
                var start = _pos;
                while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-'))
                {
                    _pos++;
                }
                if (start == _pos)
                {
                    throw Error("expected a key");
                }
                keys.Add(_text[start.._pos]);
            }
            SkipSpaces();
            if (_text[_pos] == '.')
            {
                _pos++;
                continue;
            }
            if (_text[_pos] == end)
            {
                return keys;
            }
            throw Error($"expected '.' or '{end}'");
        }
    }

    private object Value()
    {
        SkipSpaces();
        var c = _text[_pos];
        switch (c)
        {
            case '"' or '\'':
                return StringValue();
            case '[':
            {
                _pos++;
                var list = new List<object>();
                while (true)
                {
                    SkipBlank();
                    if (_text[_pos] == ']')
                    {
                        _pos++;
                        return list;
                    }
                    list.Add(Value());
                    SkipBlank();
                    if (_text[_pos] == ',')
                    {
                        _pos++;
                    }
                }
            }
            case '{':
            {
                _pos++;
                var table = new Dictionary<string, object>();
                while (true)
                {
                    SkipSpaces();
                    if (_text[_pos] == '}')
                    {
                        _pos++;
                        return table;
                    }
                    var keys = Keys('=');
                    Expect('=');
                    Walk(table, keys.Take(keys.Count - 1))[keys[^1]] = Value();
                    SkipSpaces();
                    if (_text[_pos] == ',')
                    {
                        _pos++;
                    }
                }
            }
        }
        var start = _pos;
        while (_pos < _text.Length && !(_text[_pos] is ',' or ']' or '}' or '\n' or '\r' or '#' or ' ' or '\t'))
        {
            _pos++;
        }
        var token = _text[start.._pos];
        return token switch
        {
            "true" => true,
            "false" => false,
            _ when long.TryParse(token.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw Error($"unsupported value '{token}'"),
        };
    }

    private string StringValue()
    {
        var quote = _text[_pos++];
        var sb = new StringBuilder();
        while (_text[_pos] != quote)
        {
            var c = _text[_pos++];
            if (c == '\\' && quote == '"')
            {
                var e = _text[_pos++];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case 'u':
                        sb.Append((char)int.Parse(_text.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        _pos += 4;
                        break;
                    default: throw Error($"unknown escape \\{e}");
                }
            }
            else
            {
                sb.Append(c);
            }
        }
        _pos++;
        return sb.ToString();
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t')
        {
            _pos++;
        }
    }

    private void SkipBlank()
    {
        while (_pos < _text.Length)
        {
            if (_text[_pos] is ' ' or '\t' or '\r' or '\n')
            {
                _pos++;
            }
            else if (_text[_pos] == '#')
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

    private void EndOfLine()
    {
        SkipSpaces();
        if (_pos < _text.Length && _text[_pos] == '#')
        {
            while (_pos < _text.Length && _text[_pos] != '\n')
            {
                _pos++;
            }
        }
        if (_pos < _text.Length && _text[_pos] is not ('\n' or '\r'))
        {
            throw Error("expected end of line");
        }
    }

    private void Expect(char c)
    {
        SkipSpaces();
        if (_pos >= _text.Length || _text[_pos] != c)
        {
            throw Error($"expected '{c}'");
        }
        _pos++;
    }

    private FormatException Error(string what)
    {
        var line = _text.AsSpan(0, Math.Min(_pos, _text.Length)).Count('\n') + 1;
        return new FormatException($"TOML line {line}: {what}");
    }
}

using System.Globalization;

namespace Wsc.Storage.Web3;

/// <summary>ABI type names in web3:// URLs: argument types (`uint8!1`) and `?returns=(...)` lists.</summary>
public static class Web3TypeParser
{
    /// <summary>The type of a typed argument; `uint`/`int` mean 256 bits.</summary>
    public static Web3AbiType ArgumentType(string name)
    {
        if (Elementary(name) is string canonical)
        {
            return Web3AbiType.Of(canonical);
        }
        if (LooksSized(name))
        {
            throw new Web3UrlException($"Invalid argument type: {name}");
        }
        throw new Web3UrlException($"Unknown type: {name}");
    }

    /// <summary>Parses "(t1,t2,...)"; "()" gives an empty list (raw bytes as JSON).</summary>
    public static IReadOnlyList<Web3AbiType> ParseReturns(string text)
    {
        if (text.Length < 2 || text[0] != '(' || text[^1] != ')')
        {
            throw new Web3UrlException($"Return attribute: expected (type,...), got: {text}");
        }
        var inner = text[1..^1];
        return inner.Length == 0 ? [] : List(inner);
    }

    /// <summary>The canonical elementary name, or null when <paramref name="name"/> is not an elementary type.</summary>
    public static string? Elementary(string name)
    {
        switch (name)
        {
            case "uint":
                return "uint256";
            case "int":
                return "int256";
            case "address" or "bool" or "string" or "bytes":
                return name;
        }
        if (name.StartsWith("uint", StringComparison.Ordinal) && Size(name.AsSpan(4)) is int u && u % 8 == 0 && u is >= 8 and <= 256)
        {
            return name;
        }
        if (name.StartsWith("int", StringComparison.Ordinal) && Size(name.AsSpan(3)) is int i && i % 8 == 0 && i is >= 8 and <= 256)
        {
            return name;
        }
        if (name.StartsWith("bytes", StringComparison.Ordinal) && Size(name.AsSpan(5)) is int b && b is >= 1 and <= 32)
        {
            return name;
        }
        return null;
    }

    private static bool LooksSized(string name) =>
        (name.StartsWith("uint", StringComparison.Ordinal) && Size(name.AsSpan(4)) is not null)
        || (name.StartsWith("int", StringComparison.Ordinal) && Size(name.AsSpan(3)) is not null)
        || (name.StartsWith("bytes", StringComparison.Ordinal) && Size(name.AsSpan(5)) is not null);

    private static int? Size(ReadOnlySpan<char> digits) =>
        digits.Length is > 0 and <= 4 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static List<Web3AbiType> List(string text)
    {
        var result = new List<Web3AbiType>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                result.Add(Single(text[start..i]));
                start = i + 1;
            }
            else if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')')
            {
                depth--;
                if (depth < 0)
                {
                    throw new Web3UrlException($"Return attribute: unbalanced parentheses in: {text}");
                }
            }
        }
        if (depth != 0)
        {
            throw new Web3UrlException($"Return attribute: unbalanced parentheses in: {text}");
        }
        return result;
    }

    private static Web3AbiType Single(string text)
    {
        if (text.Length == 0)
        {
            throw new Web3UrlException("Return attribute: missing type");
        }
        // Split off array suffixes ("[]", "[4]") from the base type.
        var baseEnd = text.Length;
        while (baseEnd > 0 && text[baseEnd - 1] == ']')
        {
            var open = text.LastIndexOf('[', baseEnd - 1);
            var size = open < 0 ? "x" : text[(open + 1)..(baseEnd - 1)];
            if (open < 0 || (size.Length > 0 && !int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                throw new Web3UrlException($"Return attribute: Invalid type: {text}");
            }
            baseEnd = open;
        }
        var suffix = text[baseEnd..];
        var head = text[..baseEnd];
        if (head.StartsWith('(') && head.EndsWith(')'))
        {
            var inner = head[1..^1];
            return new Web3AbiType("tuple" + suffix, inner.Length == 0 ? [] : List(inner));
        }
        var elementary = Elementary(head) ?? throw new Web3UrlException($"Return attribute: Invalid type: {head}");
        return Web3AbiType.Of(elementary + suffix);
    }
}

using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Wsc.Chain;

namespace Wsc.Silo.Web3;

/// <summary>ERC-6860 JSON of decoded return values: numbers as decimal strings, bytes as 0x-hex, addresses checksummed.</summary>
public static class AbiJson
{
    /// <summary>The JSON value of one decoded ABI value.</summary>
    public static JsonNode? Value(object? value) => value switch
    {
        null => null,
        BigInteger n => JsonValue.Create(n.ToString(CultureInfo.InvariantCulture)),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        byte[] bytes => JsonValue.Create(Hex.Encode(bytes)),
        Hash32 h => JsonValue.Create(h.ToString()),
        Address a => JsonValue.Create(a.ToChecksumString()),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(Value).ToArray()),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}

using System.Numerics;
using System.Text.Json;

namespace Wsc.Chain;

/// <summary>Typed reads of JSON-RPC objects with one-line errors naming the missing or malformed field.</summary>
internal static class Json
{
    public static JsonElement Required(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"expected a JSON object holding '{name}', got {obj.ValueKind}");
        }
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            throw new FormatException($"JSON object lacks required field '{name}'");
        }
        return v;
    }

    public static bool TryGet(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static string String(JsonElement obj, string name)
    {
        var v = Required(obj, name);
        if (v.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"field '{name}' must be a string, got {v.ValueKind}");
        }
        return v.GetString()!;
    }

    public static T Parse<T>(JsonElement obj, string name, Func<string, T> parse)
    {
        var s = String(obj, name);
        try
        {
            return parse(s);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"field '{name}': {ex.Message}", ex);
        }
    }

    public static Hash32 Hash(JsonElement obj, string name) => Parse(obj, name, Hash32.Parse);

    public static Hash32? OptionalHash(JsonElement obj, string name) =>
        TryGet(obj, name, out _) ? Hash(obj, name) : null;

    public static Address Address(JsonElement obj, string name) => Parse(obj, name, Chain.Address.Parse);

    public static Address? OptionalAddress(JsonElement obj, string name) =>
        TryGet(obj, name, out _) ? Address(obj, name) : null;

    public static ulong Quantity(JsonElement obj, string name) => Parse(obj, name, Hex.ParseQuantity);

    public static ulong? OptionalQuantity(JsonElement obj, string name) =>
        TryGet(obj, name, out _) ? Quantity(obj, name) : null;

    public static BigInteger BigQuantity(JsonElement obj, string name) => Parse(obj, name, Hex.ParseBigQuantity);

    public static BigInteger? OptionalBigQuantity(JsonElement obj, string name) =>
        TryGet(obj, name, out _) ? BigQuantity(obj, name) : null;

    public static byte[] Bytes(JsonElement obj, string name) => Parse(obj, name, Hex.Decode);

    /// <summary>Parses a 32-byte value given either as a full word or as a quantity (proof keys, storage values).</summary>
    public static BigInteger Word(JsonElement obj, string name) =>
        Parse(obj, name, s => new BigInteger(Hex.Decode(s.Length % 2 == 0 ? s : "0x0" + s[2..]), isUnsigned: true, isBigEndian: true));

    public static JsonElement Array(JsonElement obj, string name)
    {
        var v = Required(obj, name);
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"field '{name}' must be an array, got {v.ValueKind}");
        }
        return v;
    }
}

using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wsc.Chain.Rpc;

/// <summary>
/// System.Text.Json options that write Ethereum values the JSON-RPC way: Hash32, Address and byte[] as 0x-hex,
/// integers (ulong, BigInteger) as 0x-quantities; reading accepts the same forms.
/// </summary>
public static class EthJson
{
    /// <summary>Shared, read-only options with the Ethereum converters.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        o.Converters.Add(new Hash32Converter());
        o.Converters.Add(new AddressConverter());
        o.Converters.Add(new BytesConverter());
        o.Converters.Add(new QuantityConverter());
        o.Converters.Add(new BigQuantityConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    private static string ReadString(ref Utf8JsonReader reader, string what) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException($"expected a hex string for {what}, got {reader.TokenType}");

    private sealed class Hash32Converter : JsonConverter<Hash32>
    {
        public override Hash32 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Hash32.Parse(ReadString(ref reader, "a 32-byte hash"));

        public override void Write(Utf8JsonWriter writer, Hash32 value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }

    private sealed class AddressConverter : JsonConverter<Address>
    {
        public override Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Address.Parse(ReadString(ref reader, "an address"));

        public override void Write(Utf8JsonWriter writer, Address value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }

    private sealed class BytesConverter : JsonConverter<byte[]>
    {
        public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Hex.Decode(ReadString(ref reader, "bytes"));

        public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => writer.WriteStringValue(Hex.Encode(value));
    }

    private sealed class QuantityConverter : JsonConverter<ulong>
    {
        public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number ? reader.GetUInt64() : Hex.ParseQuantity(ReadString(ref reader, "a quantity"));

        public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options) => writer.WriteStringValue(Hex.Quantity(value));
    }

    private sealed class BigQuantityConverter : JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Hex.ParseBigQuantity(ReadString(ref reader, "a quantity"));

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) => writer.WriteStringValue(Hex.Quantity(value));
    }
}

using System.Numerics;
using System.Text;
using Wsc.Chain.Crypto;

namespace Wsc.Chain.Abi;

/// <summary>
/// Solidity contract ABI encoding and strict decoding. Values: integers as BigInteger (int/long/ulong accepted),
/// Address, bool, byte[] (bytes and bytesN; Hash32 accepted for bytes32), string, and IReadOnlyList for T[].
/// </summary>
public static class AbiCodec
{
    /// <summary>First four bytes of keccak256 of a function signature, e.g. "transfer(address,uint256)".</summary>
    public static byte[] Selector(string signature) => Keccak.Hash(Canonical(signature)).Span[..4].ToArray();

    /// <summary>topic0 of an event, e.g. "Transfer(address,address,uint256)".</summary>
    public static Hash32 EventTopic(string signature) => Keccak.Hash(Canonical(signature));

    /// <summary>Selector followed by the encoded arguments; argument types come from the signature.</summary>
    public static byte[] EncodeCall(string signature, params object[] args)
    {
        var (_, types) = ParseSignature(signature);
        return [.. Selector(signature), .. Encode(types, args)];
    }

    /// <summary>Encodes values as a tuple of the given types.</summary>
    public static byte[] Encode(IReadOnlyList<string> types, IReadOnlyList<object> values) =>
        Encode(types.Select(AbiType.Parse).ToList(), values);

    /// <summary>Encodes values as a tuple of the given types.</summary>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object> values)
    {
        if (types.Count != values.Count)
        {
            throw new ArgumentException($"ABI encode got {values.Count} values for {types.Count} types", nameof(values));
        }
        var head = new List<byte[]>();
        var tail = new List<byte[]>();
        var headSize = types.Count * 32;
        var tailSize = 0;
        for (var i = 0; i < types.Count; i++)
        {
            if (types[i].IsDynamic)
            {
                head.Add(Word(new BigInteger(headSize + tailSize)));
                var t = EncodeDynamic(types[i], values[i]);
                tail.Add(t);
                tailSize += t.Length;
            }
            else
            {
                head.Add(EncodeStatic(types[i], values[i]));
            }
        }
        return [.. head.SelectMany(b => b), .. tail.SelectMany(b => b)];
    }

    /// <summary>Strictly decodes a tuple of the given types (offsets, lengths and padding are checked).</summary>
    public static object[] Decode(IReadOnlyList<string> types, ReadOnlySpan<byte> data) =>
        Decode(types.Select(AbiType.Parse).ToList(), data);

    /// <summary>Strictly decodes a tuple of the given types.</summary>
    public static object[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        var result = new object[types.Count];
        for (var i = 0; i < types.Count; i++)
        {
            result[i] = DecodeAt(types[i], data, i * 32);
        }
        return result;
    }

    /// <summary>Decodes one value of a static type from a 32-byte word (indexed event topics).</summary>
    public static object DecodeWord(AbiType type, ReadOnlySpan<byte> word)
    {
        if (type.IsDynamic)
        {
            throw new ArgumentException($"type {type} is dynamic; an indexed topic holds only its hash", nameof(type));
        }
        return DecodeStatic(type, word, 0);
    }

    /// <summary>Splits "name(type1,type2)" into the name and parsed parameter types.</summary>
    public static (string Name, IReadOnlyList<AbiType> Types) ParseSignature(string signature)
    {
        var open = signature.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !signature.EndsWith(')'))
        {
            throw new FormatException($"signature '{signature}' is not of the form name(type,...)");
        }
        var inner = signature[(open + 1)..^1].Trim();
        var types = inner.Length == 0 ? [] : inner.Split(',').Select(p => AbiType.Parse(p.Trim().Split(' ')[0])).ToList();
        return (signature[..open].Trim(), types);
    }

    private static string Canonical(string signature)
    {
        var (name, types) = ParseSignature(signature);
        return $"{name}({string.Join(',', types.Select(t => t.Name))})";
    }

    private static byte[] Word(BigInteger v)
    {
        var w = new byte[32];
        if (v.Sign < 0)
        {
            v += BigInteger.One << 256;
            w.AsSpan().Fill(0xFF);
        }
        var n = v.GetByteCount(isUnsigned: true);
        v.TryWriteBytes(w.AsSpan(32 - n), out _, isUnsigned: true, isBigEndian: true);
        return w;
    }

    private static BigInteger ToInteger(object value) => value switch
    {
        BigInteger b => b,
        int i => i,
        long l => l,
        uint u => u,
        ulong ul => ul,
        byte by => by,
        _ => throw new ArgumentException($"ABI integer value must be numeric, got {value.GetType().Name}", nameof(value)),
    };

    private static byte[] EncodeStatic(AbiType type, object value)
    {
        switch (type.Kind)
        {
            case AbiKind.UInt:
            {
                var v = ToInteger(value);
                if (v.Sign < 0 || v >= BigInteger.One << type.Bits)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), $"{v} does not fit {type}");
                }
                return Word(v);
            }
            case AbiKind.Int:
            {
                var v = ToInteger(value);
                var lim = BigInteger.One << (type.Bits - 1);
                if (v < -lim || v >= lim)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), $"{v} does not fit {type}");
                }
                return Word(v);
            }
            case AbiKind.Address:
            {
                var a = value is Address ad ? ad : value is string s ? Address.Parse(s) : throw new ArgumentException("address value must be an Address", nameof(value));
                var w = new byte[32];
                a.Span.CopyTo(w.AsSpan(12));
                return w;
            }
            case AbiKind.Bool:
                return Word(value is bool b ? (b ? 1 : 0) : throw new ArgumentException("bool value must be a bool", nameof(value)));
            case AbiKind.FixedBytes:
            {
                var bytes = value is Hash32 h ? h.ToArray() : value as byte[] ?? throw new ArgumentException($"{type} value must be byte[]", nameof(value));
                if (bytes.Length != type.Bits)
                {
                    throw new ArgumentException($"{type} value has {bytes.Length} bytes", nameof(value));
                }
                var w = new byte[32];
                bytes.CopyTo(w, 0);
                return w;
            }
            default:
                throw new InvalidOperationException($"{type} is dynamic");
        }
    }

    private static byte[] EncodeDynamic(AbiType type, object value)
    {
        switch (type.Kind)
        {
            case AbiKind.Bytes:
            case AbiKind.String:
            {
                var bytes = type.Kind == AbiKind.String
                    ? Encoding.UTF8.GetBytes(value as string ?? throw new ArgumentException("string value must be a string", nameof(value)))
                    : value as byte[] ?? throw new ArgumentException("bytes value must be byte[]", nameof(value));
                var padded = new byte[32 + ((bytes.Length + 31) / 32 * 32)];
                Word(bytes.Length).CopyTo(padded, 0);
                bytes.CopyTo(padded, 32);
                return padded;
            }
            case AbiKind.Array:
            {
                var items = value as System.Collections.IList ?? throw new ArgumentException("array value must be a list", nameof(value));
                var list = items.Cast<object>().ToList();
                return [.. Word(list.Count), .. Encode(Enumerable.Repeat(type.Element!, list.Count).ToList(), list)];
            }
            default:
                throw new InvalidOperationException($"{type} is static");
        }
    }

    private static object DecodeAt(AbiType type, ReadOnlySpan<byte> data, int pos)
    {
        if (!type.IsDynamic)
        {
            return DecodeStatic(type, data, pos);
        }
        var offset = ReadLength(data, pos, "offset");
        switch (type.Kind)
        {
            case AbiKind.Bytes:
            case AbiKind.String:
            {
                var len = ReadLength(data, offset, "length");
                if ((long)offset + 32 + len > data.Length)
                {
                    throw new FormatException($"ABI {type} of {len} bytes at offset {offset} runs past the data ({data.Length} bytes)");
                }
                var bytes = data.Slice(offset + 32, len);
                if (type.Kind == AbiKind.Bytes)
                {
                    return bytes.ToArray();
                }
                try
                {
                    return new UTF8Encoding(false, true).GetString(bytes);
                }
                catch (DecoderFallbackException ex)
                {
                    throw new FormatException($"ABI string at offset {offset} is not valid UTF-8", ex);
                }
            }
            default:
            {
                var count = ReadLength(data, offset, "array length");
                var body = data[(offset + 32)..];
                if ((long)count * 32 > body.Length)
                {
                    throw new FormatException($"ABI array of {count} items at offset {offset} runs past the data");
                }
                var items = new List<object>(count);
                for (var i = 0; i < count; i++)
                {
                    items.Add(DecodeAt(type.Element!, body, i * 32));
                }
                return items;
            }
        }
    }

    private static int ReadLength(ReadOnlySpan<byte> data, int pos, string what)
    {
        var v = (BigInteger)DecodeStatic(AbiType.Parse("uint256"), data, pos);
        if (v > data.Length)
        {
            throw new FormatException($"ABI {what} {v} at byte {pos} exceeds the data length {data.Length}");
        }
        return (int)v;
    }

    private static object DecodeStatic(AbiType type, ReadOnlySpan<byte> data, int pos)
    {
        if (pos < 0 || (long)pos + 32 > data.Length)
        {
            throw new FormatException($"ABI {type} at byte {pos} runs past the data ({data.Length} bytes)");
        }
        var w = data.Slice(pos, 32);
        switch (type.Kind)
        {
            case AbiKind.UInt:
            {
                var v = new BigInteger(w, isUnsigned: true, isBigEndian: true);
                if (v >= BigInteger.One << type.Bits)
                {
                    throw new FormatException($"ABI {type} at byte {pos} has non-zero high bits");
                }
                return v;
            }
            case AbiKind.Int:
            {
                var v = new BigInteger(w, isUnsigned: false, isBigEndian: true);
                var lim = BigInteger.One << (type.Bits - 1);
                if (v < -lim || v >= lim)
                {
                    throw new FormatException($"ABI {type} at byte {pos} is not sign-extended");
                }
                return v;
            }
            case AbiKind.Address:
                if (w[..12].ContainsAnyExcept((byte)0))
                {
                    throw new FormatException($"ABI address at byte {pos} has non-zero padding");
                }
                return new Address(w[12..]);
            case AbiKind.Bool:
                if (w[..31].ContainsAnyExcept((byte)0) || w[31] > 1)
                {
                    throw new FormatException($"ABI bool at byte {pos} is not 0 or 1");
                }
                return w[31] == 1;
            case AbiKind.FixedBytes:
                if (w[type.Bits..].ContainsAnyExcept((byte)0))
                {
                    throw new FormatException($"ABI {type} at byte {pos} has non-zero padding");
                }
                return w[..type.Bits].ToArray();
            default:
                throw new InvalidOperationException($"{type} is dynamic");
        }
    }
}

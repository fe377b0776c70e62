using System.Buffers.Binary;
using System.Numerics;

namespace Wsc.Chain.Rlp;

/// <summary>
/// Strict forward-only RLP reader over a span. Rejects non-canonical sizes, leading zeros in lengths and
/// integers, wrapped single bytes, truncation, and (via <see cref="EnsureEnd"/>) trailing bytes.
/// </summary>
public ref struct RlpReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    /// <summary>Reads items from <paramref name="data"/> (a sequence of items, e.g. a list payload).</summary>
    public RlpReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    /// <summary>True while unread bytes remain.</summary>
    public readonly bool HasMore => _pos < _data.Length;

    /// <summary>Byte offset of the next item.</summary>
    public readonly int Position => _pos;

    /// <summary>True if the next item is a list.</summary>
    public readonly bool NextIsList
    {
        get
        {
            if (_pos >= _data.Length)
            {
                throw new RlpException("unexpected end of RLP input: expected another item");
            }
            return _data[_pos] >= 0xC0;
        }
    }

    /// <summary>Reads the next item, which must be a byte string, and returns its payload.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var (isList, offset, length) = Peek();
        if (isList)
        {
            throw new RlpException($"expected an RLP string at offset {_pos}, found a list");
        }
        var payload = _data.Slice(offset, length);
        _pos = offset + length;
        return payload;
    }

    /// <summary>Reads the next item as a list and returns a reader over its payload.</summary>
    public RlpReader ReadList()
    {
        var (isList, offset, length) = Peek();
        if (!isList)
        {
            throw new RlpException($"expected an RLP list at offset {_pos}, found a string");
        }
        _pos = offset + length;
        return new RlpReader(_data.Slice(offset, length));
    }

    /// <summary>Returns the complete encoding (header and payload) of the next item and skips it.</summary>
    public ReadOnlySpan<byte> ReadRawItem()
    {
        var start = _pos;
        var (_, offset, length) = Peek();
        _pos = offset + length;
        return _data[start.._pos];
    }

    /// <summary>Skips the next item.</summary>
    public void Skip() => ReadRawItem();

    /// <summary>Reads a copy of the next byte string.</summary>
    public byte[] ReadByteArray() => ReadBytes().ToArray();

    /// <summary>Reads a canonical unsigned integer of at most 64 bits.</summary>
    public ulong ReadUInt64()
    {
        var b = ReadIntegerBytes(8, "a 64-bit integer");
        ulong v = 0;
        foreach (var x in b)
        {
            v = (v << 8) | x;
        }
        return v;
    }

    /// <summary>Reads a canonical unsigned integer of at most 256 bits.</summary>
    public BigInteger ReadBigInteger() => ReadBigInteger(32);

    /// <summary>Reads a canonical unsigned integer of at most <paramref name="maxBytes"/> bytes.</summary>
    public BigInteger ReadBigInteger(int maxBytes)
    {
        var b = ReadIntegerBytes(maxBytes, $"an integer of at most {maxBytes} bytes");
        return b.IsEmpty ? BigInteger.Zero : new BigInteger(b, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Reads a 32-byte string.</summary>
    public Hash32 ReadHash32()
    {
        var start = _pos;
        var b = ReadBytes();
        if (b.Length != Hash32.Size)
        {
            throw new RlpException($"expected a 32-byte hash at offset {start}, got {b.Length} bytes");
        }
        return new Hash32(b);
    }

    /// <summary>Reads a 20-byte string.</summary>
    public Address ReadAddress()
    {
        var start = _pos;
        var b = ReadBytes();
        if (b.Length != Address.Size)
        {
            throw new RlpException($"expected a 20-byte address at offset {start}, got {b.Length} bytes");
        }
        return new Address(b);
    }

    /// <summary>Reads either an empty string (null, e.g. contract creation) or a 20-byte address.</summary>
    public Address? ReadOptionalAddress()
    {
        var start = _pos;
        var b = ReadBytes();
        return b.Length switch
        {
            0 => null,
            Address.Size => new Address(b),
            _ => throw new RlpException($"expected an empty string or a 20-byte address at offset {start}, got {b.Length} bytes"),
        };
    }

    /// <summary>Throws if unread bytes remain; <paramref name="what"/> names the structure for the message.</summary>
    public readonly void EnsureEnd(string what)
    {
        if (_pos != _data.Length)
        {
            throw new RlpException($"{what} has {_data.Length - _pos} trailing bytes after offset {_pos}");
        }
    }

    private ReadOnlySpan<byte> ReadIntegerBytes(int maxBytes, string what)
    {
        var start = _pos;
        var b = ReadBytes();
        if (b.Length > maxBytes)
        {
            throw new RlpException($"expected {what} at offset {start}, got {b.Length} bytes");
        }
        if (b.Length > 0 && b[0] == 0)
        {
            throw new RlpException($"integer at offset {start} has a leading zero byte");
        }
        return b;
    }

    /// <summary>Decodes the header at the current position: kind, payload offset and payload length.</summary>
    private readonly (bool IsList, int Offset, int Length) Peek()
    {
        var remaining = _data.Length - _pos;
        if (remaining <= 0)
        {
            throw new RlpException("unexpected end of RLP input: expected another item");
        }
        var prefix = _data[_pos];
        if (prefix < 0x80)
        {
            return (false, _pos, 1);
        }
        if (prefix <= 0xB7)
        {
            var len = prefix - 0x80;
            CheckFits(len, 1, remaining);
            if (len == 1 && _data[_pos + 1] < 0x80)
            {
                throw new RlpException($"single byte 0x{_data[_pos + 1]:x2} below 0x80 at offset {_pos} must not be wrapped in a string header");
            }
            return (false, _pos + 1, len);
        }
        if (prefix <= 0xBF)
        {
            var len = LongLength(prefix - 0xB7, remaining);
            return (false, _pos + 1 + (prefix - 0xB7), len);
        }
        if (prefix <= 0xF7)
        {
            var len = prefix - 0xC0;
            CheckFits(len, 1, remaining);
            return (true, _pos + 1, len);
        }
        var lenOfLen = prefix - 0xF7;
        return (true, _pos + 1 + lenOfLen, LongLength(lenOfLen, remaining));
    }

    private readonly int LongLength(int lenOfLen, int remaining)
    {
        if (remaining < 1 + lenOfLen)
        {
            throw new RlpException($"truncated RLP length at offset {_pos}: needs {lenOfLen} length bytes, {remaining - 1} left");
        }
        var lenBytes = _data.Slice(_pos + 1, lenOfLen);
        if (lenBytes[0] == 0)
        {
            throw new RlpException($"RLP length at offset {_pos} has a leading zero byte");
        }
        if (lenOfLen > 4)
        {
            throw new RlpException($"RLP length at offset {_pos} uses {lenOfLen} bytes; larger than any input this reader accepts");
        }
        Span<byte> buf = stackalloc byte[4];
        buf.Clear();
        lenBytes.CopyTo(buf[(4 - lenOfLen)..]);
        var len = BinaryPrimitives.ReadUInt32BigEndian(buf);
        if (len < 56)
        {
            throw new RlpException($"RLP length {len} at offset {_pos} uses the long form; lengths below 56 must use the short form");
        }
        if (len > int.MaxValue)
        {
            throw new RlpException($"RLP length {len} at offset {_pos} is larger than the input");
        }
        CheckFits((int)len, 1 + lenOfLen, remaining);
        return (int)len;
    }

    private readonly void CheckFits(int len, int headerSize, int remaining)
    {
        if ((long)len + headerSize > remaining)
        {
            throw new RlpException($"truncated RLP item at offset {_pos}: payload of {len} bytes, only {remaining - headerSize} left");
        }
    }
}

using System.Numerics;

namespace Wsc.Chain.Rlp;

/// <summary>
/// Appending RLP encoder. Lists are opened with <see cref="StartList"/> and closed with <see cref="EndList"/>,
/// which slides the payload right to fit the (rarely more than 3-byte) header; reuse via <see cref="Reset"/>.
/// </summary>
public sealed class RlpWriter
{
    private byte[] _buf;
    private int _len;

    public RlpWriter(int capacity = 256)
    {
        _buf = new byte[Math.Max(16, capacity)];
    }

    /// <summary>Bytes written so far.</summary>
    public int Length => _len;

    /// <summary>The encoding so far (valid until the next write).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buf.AsSpan(0, _len);

    /// <summary>A copy of the encoding.</summary>
    public byte[] ToArray() => _buf.AsSpan(0, _len).ToArray();

    /// <summary>Clears the writer for reuse, keeping its buffer.</summary>
    public void Reset() => _len = 0;

    /// <summary>Writes a byte string item.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 1 && bytes[0] < 0x80)
        {
            Ensure(1);
            _buf[_len++] = bytes[0];
            return;
        }
        WriteHeader(0x80, bytes.Length);
        Ensure(bytes.Length);
        bytes.CopyTo(_buf.AsSpan(_len));
        _len += bytes.Length;
    }

    /// <summary>Writes an unsigned integer in its minimal big-endian form (0 is the empty string).</summary>
    public void WriteUInt64(ulong value)
    {
        if (value == 0)
        {
            Ensure(1);
            _buf[_len++] = 0x80;
            return;
        }
        if (value < 0x80)
        {
            Ensure(1);
            _buf[_len++] = (byte)value;
            return;
        }
        var n = 8 - (BitOperations.LeadingZeroCount(value) / 8);
        Ensure(1 + n);
        _buf[_len++] = (byte)(0x80 + n);
        for (var i = n - 1; i >= 0; i--)
        {
            _buf[_len++] = (byte)(value >> (8 * i));
        }
    }

    /// <summary>Writes a non-negative integer in its minimal big-endian form.</summary>
    public void WriteBigInteger(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "RLP integers are unsigned");
        }
        if (value <= ulong.MaxValue)
        {
            WriteUInt64((ulong)value);
            return;
        }
        var n = value.GetByteCount(isUnsigned: true);
        Span<byte> tmp = n <= 64 ? stackalloc byte[n] : new byte[n];
        value.TryWriteBytes(tmp, out _, isUnsigned: true, isBigEndian: true);
        WriteBytes(tmp);
    }

    /// <summary>Writes a 32-byte string.</summary>
    public void Write(Hash32 hash) => WriteBytes(hash.Span);

    /// <summary>Writes a 20-byte string.</summary>
    public void Write(Address address) => WriteBytes(address.Span);

    /// <summary>Writes an address, or the empty string for null (contract creation).</summary>
    public void Write(Address? address)
    {
        if (address is { } a)
        {
            WriteBytes(a.Span);
        }
        else
        {
            WriteBytes([]);
        }
    }

    /// <summary>Appends an already-encoded item verbatim.</summary>
    public void WriteRaw(ReadOnlySpan<byte> encoded)
    {
        Ensure(encoded.Length);
        encoded.CopyTo(_buf.AsSpan(_len));
        _len += encoded.Length;
    }

    /// <summary>Opens a list; pass the returned mark to <see cref="EndList"/>.</summary>
    public int StartList() => _len;

    /// <summary>Closes the list opened at <paramref name="mark"/> by inserting its header.</summary>
    public void EndList(int mark)
    {
        var payload = _len - mark;
        var header = HeaderSize(payload);
        Ensure(header);
        Buffer.BlockCopy(_buf, mark, _buf, mark + header, payload);
        var end = _len + header;
        _len = mark;
        WriteHeader(0xC0, payload);
        _len = end;
    }

    /// <summary>Size of the header of an item whose payload has <paramref name="payload"/> bytes.</summary>
    public static int HeaderSize(int payload) => payload < 56 ? 1 : 1 + ByteCount((uint)payload);

    private void WriteHeader(byte offset, int payload)
    {
        if (payload < 56)
        {
            Ensure(1);
            _buf[_len++] = (byte)(offset + payload);
            return;
        }
        var n = ByteCount((uint)payload);
        Ensure(1 + n);
        _buf[_len++] = (byte)(offset + 55 + n);
        for (var i = n - 1; i >= 0; i--)
        {
            _buf[_len++] = (byte)(payload >> (8 * i));
        }
    }

    private static int ByteCount(uint v) => 4 - (BitOperations.LeadingZeroCount(v) / 8);

    private void Ensure(int extra)
    {
        if (_len + extra > _buf.Length)
        {
            Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _len + extra));
        }
    }
}

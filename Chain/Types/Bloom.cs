using Wsc.Chain.Crypto;

namespace Wsc.Chain.Types;

/// <summary>The 2048-bit logs bloom filter of a receipt or block (three bits per address and topic).</summary>
public sealed class Bloom : IEquatable<Bloom>
{
    /// <summary>Size in bytes.</summary>
    public const int Size = 256;

    private readonly byte[] _bits;

    /// <summary>An empty filter.</summary>
    public Bloom()
    {
        _bits = new byte[Size];
    }

    /// <summary>A filter with the given 256 bytes.</summary>
    public Bloom(ReadOnlySpan<byte> bits)
    {
        if (bits.Length != Size)
        {
            throw new ArgumentException($"bloom needs {Size} bytes, got {bits.Length}", nameof(bits));
        }
        _bits = bits.ToArray();
    }

    /// <summary>The 256 filter bytes.</summary>
    public ReadOnlySpan<byte> Span => _bits;

    /// <summary>Adds an address or topic.</summary>
    public void Add(ReadOnlySpan<byte> item)
    {
        Span<byte> h = stackalloc byte[32];
        Keccak.Hash(item, h);
        for (var i = 0; i < 6; i += 2)
        {
            var bit = ((h[i] << 8) | h[i + 1]) & 2047;
            _bits[Size - 1 - (bit / 8)] |= (byte)(1 << (bit % 8));
        }
    }

    /// <summary>True if the item may be in the set (false means definitely absent).</summary>
    public bool MightContain(ReadOnlySpan<byte> item)
    {
        var probe = new Bloom();
        probe.Add(item);
        for (var i = 0; i < Size; i++)
        {
            if ((probe._bits[i] & _bits[i]) != probe._bits[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// True if every bit of <paramref name="probe"/> is set here: with a probe built once from an address and a topic (see
    /// <see cref="Add"/>), the test a block's filter gets per graph filter costs no hashing and no allocation.
    /// </summary>
    public bool ContainsAll(Bloom probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        for (var i = 0; i < Size; i++)
        {
            if ((probe._bits[i] & _bits[i]) != probe._bits[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>ORs another filter into this one.</summary>
    public void Or(Bloom other)
    {
        for (var i = 0; i < Size; i++)
        {
            _bits[i] |= other._bits[i];
        }
    }

    /// <summary>The bloom of a set of logs: each log's address and every topic.</summary>
    public static Bloom FromLogs(IEnumerable<Log> logs)
    {
        var bloom = new Bloom();
        foreach (var log in logs)
        {
            bloom.Add(log.Address.Span);
            foreach (var t in log.Topics)
            {
                bloom.Add(t.Span);
            }
        }
        return bloom;
    }

    /// <summary>Parses 0x + 512 hex digits.</summary>
    public static Bloom Parse(string hex)
    {
        Span<byte> b = stackalloc byte[Size];
        Hex.DecodeExact(hex, b);
        return new Bloom(b);
    }

    public bool Equals(Bloom? other) => other is not null && _bits.AsSpan().SequenceEqual(other._bits);

    public override bool Equals(object? obj) => Equals(obj as Bloom);

    public override int GetHashCode() => BitConverter.ToInt32(_bits, 0);

    public override string ToString() => Hex.Encode(_bits);
}

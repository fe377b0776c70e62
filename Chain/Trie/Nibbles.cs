namespace Wsc.Chain.Trie;

/// <summary>Nibble paths and the hex-prefix ("compact") encoding of trie node paths.</summary>
public static class Nibbles
{
    /// <summary>Splits bytes into high/low nibbles.</summary>
    public static byte[] FromBytes(ReadOnlySpan<byte> key)
    {
        var n = new byte[key.Length * 2];
        for (var i = 0; i < key.Length; i++)
        {
            n[2 * i] = (byte)(key[i] >> 4);
            n[(2 * i) + 1] = (byte)(key[i] & 0xF);
        }
        return n;
    }

    /// <summary>Hex-prefix encoding of a nibble path with the leaf flag.</summary>
    public static byte[] EncodeCompact(ReadOnlySpan<byte> nibbles, bool leaf)
    {
        var odd = nibbles.Length % 2 == 1;
        var flag = (leaf ? 2 : 0) + (odd ? 1 : 0);
        var outLen = (nibbles.Length / 2) + 1;
        var b = new byte[outLen];
        var i = 0;
        if (odd)
        {
            b[0] = (byte)((flag << 4) | nibbles[0]);
            i = 1;
        }
        else
        {
            b[0] = (byte)(flag << 4);
        }
        for (var o = 1; o < outLen; o++, i += 2)
        {
            b[o] = (byte)((nibbles[i] << 4) | nibbles[i + 1]);
        }
        return b;
    }

    /// <summary>Decodes a hex-prefix path; throws on an invalid flag nibble.</summary>
    public static (byte[] Nibbles, bool Leaf) DecodeCompact(ReadOnlySpan<byte> compact)
    {
        if (compact.IsEmpty)
        {
            throw new FormatException("empty hex-prefix path");
        }
        var flag = compact[0] >> 4;
        if (flag > 3)
        {
            throw new FormatException($"hex-prefix flag nibble {flag} is not 0-3");
        }
        var odd = (flag & 1) == 1;
        if (!odd && (compact[0] & 0xF) != 0)
        {
            throw new FormatException("hex-prefix even path has a non-zero padding nibble");
        }
        var all = FromBytes(compact);
        return (all[(odd ? 1 : 2)..], (flag & 2) == 2);
    }

    /// <summary>Length of the common prefix.</summary>
    public static int CommonPrefix(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var n = Math.Min(a.Length, b.Length);
        var i = 0;
        while (i < n && a[i] == b[i])
        {
            i++;
        }
        return i;
    }
}

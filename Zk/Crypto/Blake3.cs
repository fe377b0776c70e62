using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Wsc.Zk.Crypto;

/// <summary>
/// BLAKE3 (https://github.com/BLAKE3-team/BLAKE3-specs), plain and keyed, one message at a time: the verifier's
/// Merkle hash. <see cref="Blake3x16"/> computes the same digests sixteen messages at a time for the prover.
/// </summary>
/// <remarks>
/// Why BLAKE3 for the Merkle trees: its compression is 7 rounds of 32-bit additions, xors and rotations (about half the
/// work of SHA-256's 64 rounds and message schedule per 64-byte block), and keyed hashing separates leaves, nodes and
/// joined rows by key, so a node's two children are exactly one block (SHA-256 needed two for tag ‖ 64 bytes).
/// </remarks>
public static class Blake3
{
    /// <summary>Bytes per digest.</summary>
    public const int DigestSize = 32;

    internal const int BlockBytes = 64;
    internal const int ChunkBytes = 1024;
    internal const uint ChunkStartFlag = 1, ChunkEndFlag = 2, ParentFlag = 4, RootFlag = 8, KeyedFlag = 16;

    internal static readonly uint[] IV = [0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19];

    /// <summary>Message word order of each of the seven rounds (the specification's permutation applied round after round).</summary>
    internal static readonly byte[][] Schedule = BuildSchedule();

    private static byte[][] BuildSchedule()
    {
        byte[] permutation = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8];
        var rounds = new byte[7][];
        var order = new byte[16];
        for (byte i = 0; i < 16; i++) order[i] = i;
        for (int r = 0; r < 7; r++)
        {
            rounds[r] = (byte[])order.Clone();
            var next = new byte[16];
            for (int i = 0; i < 16; i++) next[i] = order[permutation[i]];
            order = next;
        }
        return rounds;
    }

    /// <summary>The unkeyed BLAKE3 digest of `data` (32 bytes).</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest) => HashCore(IV, 0, data, digest);

    /// <summary>The keyed BLAKE3 digest of `data` under a 32-byte key given as eight little-endian words.</summary>
    public static void KeyedHash(ReadOnlySpan<uint> key, ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (key.Length != 8) throw new ArgumentException($"a BLAKE3 key is 8 words, got {key.Length}", nameof(key));
        HashCore(key, KeyedFlag, data, digest);
    }

    /// <summary>A 32-byte key as eight little-endian words.</summary>
    public static uint[] KeyWords(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32) throw new ArgumentException($"a BLAKE3 key is 32 bytes, got {key.Length}", nameof(key));
        var words = new uint[8];
        for (int i = 0; i < 8; i++) words[i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
        return words;
    }

    private static void HashCore(ReadOnlySpan<uint> key, uint mode, ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (digest.Length < DigestSize) throw new ArgumentException("digest needs 32 bytes", nameof(digest));
        int chunks = Math.Max(1, (data.Length + ChunkBytes - 1) / ChunkBytes);
        Span<uint> cv = stackalloc uint[8];
        Subtree(key, mode, data, 0, chunks, root: true, cv);
        for (int i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32LittleEndian(digest[(4 * i)..], cv[i]);
    }

    /// <summary>
    /// The chaining value of chunks [first, first + count) of the message: one chunk, or a parent of the left subtree (the
    /// largest power of two of chunks that leaves at least one) and the right one. `root` marks the final compression.
    /// </summary>
    private static void Subtree(ReadOnlySpan<uint> key, uint mode, ReadOnlySpan<byte> data, int first, int count, bool root, Span<uint> cv)
    {
        if (count == 1)
        {
            Chunk(key, mode, data, first, root, cv);
            return;
        }
        int left = 1 << BitOperations.Log2((uint)(count - 1));
        Span<uint> block = stackalloc uint[16];
        Subtree(key, mode, data, first, left, false, block[..8]);
        Subtree(key, mode, data, first + left, count - left, false, block[8..]);
        Compress(key, block, 0, BlockBytes, mode | ParentFlag | (root ? RootFlag : 0), cv);
    }

    private static void Chunk(ReadOnlySpan<uint> key, uint mode, ReadOnlySpan<byte> data, int index, bool root, Span<uint> cv)
    {
        int start = index * ChunkBytes, length = Math.Min(ChunkBytes, data.Length - start);
        int blocks = Math.Max(1, (length + BlockBytes - 1) / BlockBytes);
        key.CopyTo(cv);
        Span<byte> buffer = stackalloc byte[BlockBytes];
        Span<uint> words = stackalloc uint[16];
        for (int b = 0; b < blocks; b++)
        {
            int at = start + b * BlockBytes, len = Math.Min(BlockBytes, start + length - at);
            buffer.Clear();
            if (len > 0) data.Slice(at, len).CopyTo(buffer);
            for (int w = 0; w < 16; w++) words[w] = BinaryPrimitives.ReadUInt32LittleEndian(buffer[(4 * w)..]);
            uint flags = mode | (b == 0 ? ChunkStartFlag : 0) | (b == blocks - 1 ? ChunkEndFlag | (root ? RootFlag : 0) : 0);
            Compress(cv, words, (ulong)index, (uint)Math.Max(len, 0), flags, cv);
        }
    }

    /// <summary>The compression function's first eight output words (a chaining value); `output` may be `cv`.</summary>
    internal static void Compress(ReadOnlySpan<uint> cv, ReadOnlySpan<uint> m, ulong counter, uint blockLength, uint flags, Span<uint> output)
    {
        Span<uint> s = stackalloc uint[16];
        cv[..8].CopyTo(s);
        IV.AsSpan(0, 4).CopyTo(s[8..]);
        s[12] = (uint)counter;
        s[13] = (uint)(counter >> 32);
        s[14] = blockLength;
        s[15] = flags;
        foreach (var o in Schedule)
        {
            G(s, 0, 4, 8, 12, m[o[0]], m[o[1]]);
            G(s, 1, 5, 9, 13, m[o[2]], m[o[3]]);
            G(s, 2, 6, 10, 14, m[o[4]], m[o[5]]);
            G(s, 3, 7, 11, 15, m[o[6]], m[o[7]]);
            G(s, 0, 5, 10, 15, m[o[8]], m[o[9]]);
            G(s, 1, 6, 11, 12, m[o[10]], m[o[11]]);
            G(s, 2, 7, 8, 13, m[o[12]], m[o[13]]);
            G(s, 3, 4, 9, 14, m[o[14]], m[o[15]]);
        }
        for (int i = 0; i < 8; i++) output[i] = s[i] ^ s[i + 8];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(Span<uint> s, int a, int b, int c, int d, uint x, uint y)
    {
        s[a] = s[a] + s[b] + x;
        s[d] = BitOperations.RotateRight(s[d] ^ s[a], 16);
        s[c] = s[c] + s[d];
        s[b] = BitOperations.RotateRight(s[b] ^ s[c], 12);
        s[a] = s[a] + s[b] + y;
        s[d] = BitOperations.RotateRight(s[d] ^ s[a], 8);
        s[c] = s[c] + s[d];
        s[b] = BitOperations.RotateRight(s[b] ^ s[c], 7);
    }
}

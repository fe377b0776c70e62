using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
            uint flags = mode | (b == 0 ? ChunkStartFlag : 0) | (b == blocks - 1 ? ChunkEndFlag | (root ? RootFlag : 0) : 0);
            if (len == BlockBytes && BitConverter.IsLittleEndian)
            {
                // A whole block is its sixteen little-endian words as they lie.
                Compress(cv, MemoryMarshal.Cast<byte, uint>(data.Slice(at, BlockBytes)), (ulong)index, BlockBytes, flags, cv);
                continue;
            }
            buffer.Clear();
            if (len > 0) data.Slice(at, len).CopyTo(buffer);
            for (int w = 0; w < 16; w++) words[w] = BinaryPrimitives.ReadUInt32LittleEndian(buffer[(4 * w)..]);
            Compress(cv, words, (ulong)index, (uint)Math.Max(len, 0), flags, cv);
        }
    }

    /// <summary>
    /// The compression function's first eight output words (a chaining value); `output` may be `cv`. The state lives in
    /// sixteen locals and the seven rounds are written out with their message words as constants (<see cref="Schedule"/>):
    /// the first version, a loop over the schedule on a span, took about ten times as long, which the verifier felt.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Compress(ReadOnlySpan<uint> cv, ReadOnlySpan<uint> m, ulong counter, uint blockLength, uint flags, Span<uint> output)
    {
        uint m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7];
        uint m8 = m[8], m9 = m[9], m10 = m[10], m11 = m[11], m12 = m[12], m13 = m[13], m14 = m[14], m15 = m[15];
        uint v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3], v4 = cv[4], v5 = cv[5], v6 = cv[6], v7 = cv[7];
        uint v8 = 0x6A09E667, v9 = 0xBB67AE85, v10 = 0x3C6EF372, v11 = 0xA54FF53A;
        uint v12 = (uint)counter, v13 = (uint)(counter >> 32), v14 = blockLength, v15 = flags;
        v0 += v4 + m0; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 12);
        v0 += v4 + m1; v12 = BitOperations.RotateRight(v12 ^ v0, 8); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 7);
        v1 += v5 + m2; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 12);
        v1 += v5 + m3; v13 = BitOperations.RotateRight(v13 ^ v1, 8); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 7);
        v2 += v6 + m4; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 12);
        v2 += v6 + m5; v14 = BitOperations.RotateRight(v14 ^ v2, 8); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 7);
        v3 += v7 + m6; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 12);
        v3 += v7 + m7; v15 = BitOperations.RotateRight(v15 ^ v3, 8); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 7);
        v0 += v5 + m8; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 12);
        v0 += v5 + m9; v15 = BitOperations.RotateRight(v15 ^ v0, 8); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 7);
        v1 += v6 + m10; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 12);
        v1 += v6 + m11; v12 = BitOperations.RotateRight(v12 ^ v1, 8); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 7);
        v2 += v7 + m12; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 12);
        v2 += v7 + m13; v13 = BitOperations.RotateRight(v13 ^ v2, 8); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 7);
        v3 += v4 + m14; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 12);
        v3 += v4 + m15; v14 = BitOperations.RotateRight(v14 ^ v3, 8); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 7);
        v0 += v4 + m2; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 12);
        v0 += v4 + m6; v12 = BitOperations.RotateRight(v12 ^ v0, 8); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 7);
        v1 += v5 + m3; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 12);
        v1 += v5 + m10; v13 = BitOperations.RotateRight(v13 ^ v1, 8); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 7);
        v2 += v6 + m7; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 12);
        v2 += v6 + m0; v14 = BitOperations.RotateRight(v14 ^ v2, 8); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 7);
        v3 += v7 + m4; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 12);
        v3 += v7 + m13; v15 = BitOperations.RotateRight(v15 ^ v3, 8); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 7);
        v0 += v5 + m1; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 12);
        v0 += v5 + m11; v15 = BitOperations.RotateRight(v15 ^ v0, 8); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 7);
        v1 += v6 + m12; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 12);
        v1 += v6 + m5; v12 = BitOperations.RotateRight(v12 ^ v1, 8); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 7);
        v2 += v7 + m9; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 12);
        v2 += v7 + m14; v13 = BitOperations.RotateRight(v13 ^ v2, 8); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 7);
        v3 += v4 + m15; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 12);
        v3 += v4 + m8; v14 = BitOperations.RotateRight(v14 ^ v3, 8); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 7);
        v0 += v4 + m3; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 12);
        v0 += v4 + m4; v12 = BitOperations.RotateRight(v12 ^ v0, 8); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 7);
        v1 += v5 + m10; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 12);
        v1 += v5 + m12; v13 = BitOperations.RotateRight(v13 ^ v1, 8); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 7);
        v2 += v6 + m13; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 12);
        v2 += v6 + m2; v14 = BitOperations.RotateRight(v14 ^ v2, 8); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 7);
        v3 += v7 + m7; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 12);
        v3 += v7 + m14; v15 = BitOperations.RotateRight(v15 ^ v3, 8); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 7);
        v0 += v5 + m6; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 12);
        v0 += v5 + m5; v15 = BitOperations.RotateRight(v15 ^ v0, 8); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 7);
        v1 += v6 + m9; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 12);
        v1 += v6 + m0; v12 = BitOperations.RotateRight(v12 ^ v1, 8); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 7);
        v2 += v7 + m11; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 12);
        v2 += v7 + m15; v13 = BitOperations.RotateRight(v13 ^ v2, 8); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 7);
        v3 += v4 + m8; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 12);
        v3 += v4 + m1; v14 = BitOperations.RotateRight(v14 ^ v3, 8); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 7);
        v0 += v4 + m10; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 12);
        v0 += v4 + m7; v12 = BitOperations.RotateRight(v12 ^ v0, 8); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 7);
        v1 += v5 + m12; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 12);
        v1 += v5 + m9; v13 = BitOperations.RotateRight(v13 ^ v1, 8); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 7);
        v2 += v6 + m14; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 12);
        v2 += v6 + m3; v14 = BitOperations.RotateRight(v14 ^ v2, 8); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 7);
        v3 += v7 + m13; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 12);
        v3 += v7 + m15; v15 = BitOperations.RotateRight(v15 ^ v3, 8); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 7);
        v0 += v5 + m4; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 12);
        v0 += v5 + m0; v15 = BitOperations.RotateRight(v15 ^ v0, 8); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 7);
        v1 += v6 + m11; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 12);
        v1 += v6 + m2; v12 = BitOperations.RotateRight(v12 ^ v1, 8); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 7);
        v2 += v7 + m5; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 12);
        v2 += v7 + m8; v13 = BitOperations.RotateRight(v13 ^ v2, 8); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 7);
        v3 += v4 + m1; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 12);
        v3 += v4 + m6; v14 = BitOperations.RotateRight(v14 ^ v3, 8); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 7);
        v0 += v4 + m12; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 12);
        v0 += v4 + m13; v12 = BitOperations.RotateRight(v12 ^ v0, 8); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 7);
        v1 += v5 + m9; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 12);
        v1 += v5 + m11; v13 = BitOperations.RotateRight(v13 ^ v1, 8); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 7);
        v2 += v6 + m15; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 12);
        v2 += v6 + m10; v14 = BitOperations.RotateRight(v14 ^ v2, 8); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 7);
        v3 += v7 + m14; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 12);
        v3 += v7 + m8; v15 = BitOperations.RotateRight(v15 ^ v3, 8); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 7);
        v0 += v5 + m7; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 12);
        v0 += v5 + m2; v15 = BitOperations.RotateRight(v15 ^ v0, 8); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 7);
        v1 += v6 + m5; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 12);
        v1 += v6 + m3; v12 = BitOperations.RotateRight(v12 ^ v1, 8); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 7);
        v2 += v7 + m0; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 12);
        v2 += v7 + m1; v13 = BitOperations.RotateRight(v13 ^ v2, 8); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 7);
        v3 += v4 + m6; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 12);
        v3 += v4 + m4; v14 = BitOperations.RotateRight(v14 ^ v3, 8); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 7);
        v0 += v4 + m9; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 12);
        v0 += v4 + m14; v12 = BitOperations.RotateRight(v12 ^ v0, 8); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 7);
        v1 += v5 + m11; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 12);
        v1 += v5 + m5; v13 = BitOperations.RotateRight(v13 ^ v1, 8); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 7);
        v2 += v6 + m8; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 12);
        v2 += v6 + m12; v14 = BitOperations.RotateRight(v14 ^ v2, 8); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 7);
        v3 += v7 + m15; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 12);
        v3 += v7 + m1; v15 = BitOperations.RotateRight(v15 ^ v3, 8); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 7);
        v0 += v5 + m13; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 12);
        v0 += v5 + m3; v15 = BitOperations.RotateRight(v15 ^ v0, 8); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 7);
        v1 += v6 + m0; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 12);
        v1 += v6 + m10; v12 = BitOperations.RotateRight(v12 ^ v1, 8); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 7);
        v2 += v7 + m2; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 12);
        v2 += v7 + m6; v13 = BitOperations.RotateRight(v13 ^ v2, 8); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 7);
        v3 += v4 + m4; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 12);
        v3 += v4 + m7; v14 = BitOperations.RotateRight(v14 ^ v3, 8); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 7);
        v0 += v4 + m11; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 12);
        v0 += v4 + m15; v12 = BitOperations.RotateRight(v12 ^ v0, 8); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 7);
        v1 += v5 + m5; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 12);
        v1 += v5 + m0; v13 = BitOperations.RotateRight(v13 ^ v1, 8); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 7);
        v2 += v6 + m1; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 12);
        v2 += v6 + m9; v14 = BitOperations.RotateRight(v14 ^ v2, 8); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 7);
        v3 += v7 + m8; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 12);
        v3 += v7 + m6; v15 = BitOperations.RotateRight(v15 ^ v3, 8); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 7);
        v0 += v5 + m14; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 12);
        v0 += v5 + m10; v15 = BitOperations.RotateRight(v15 ^ v0, 8); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 7);
        v1 += v6 + m2; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 12);
        v1 += v6 + m12; v12 = BitOperations.RotateRight(v12 ^ v1, 8); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 7);
        v2 += v7 + m3; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 12);
        v2 += v7 + m4; v13 = BitOperations.RotateRight(v13 ^ v2, 8); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 7);
        v3 += v4 + m7; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 12);
        v3 += v4 + m13; v14 = BitOperations.RotateRight(v14 ^ v3, 8); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 7);
        output[0] = v0 ^ v8;
        output[1] = v1 ^ v9;
        output[2] = v2 ^ v10;
        output[3] = v3 ^ v11;
        output[4] = v4 ^ v12;
        output[5] = v5 ^ v13;
        output[6] = v6 ^ v14;
        output[7] = v7 ^ v15;
    }
}

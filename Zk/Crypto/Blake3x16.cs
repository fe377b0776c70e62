using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Wsc.Zk.Crypto;

/// <summary>
/// Keyed BLAKE3 of sixteen messages at once, one per 32-bit lane of AVX-512 registers (on AVX2 alone, two calls of
/// <see cref="Blake3x8"/>): message l is the little-endian
/// bytes of `width` field elements. The digests are those of <see cref="Blake3.KeyedHash"/>; only the speed differs.
/// </summary>
/// <remarks>
/// Element j of lane l is read at source[l·laneStride + j·columnStride]: with laneStride 1 the sixteen lanes are two
/// vector loads, otherwise gathers. All lanes have the same length, so they share one chunk tree (messages over 1024
/// bytes, rows of more than 128 elements, have several chunks and parent nodes, as in the scalar hash).
/// </remarks>
[SkipLocalsInit]
public static unsafe class Blake3x16
{
    // Declared before IsSupported, which reads it: static initialisers run in textual order.
    /// <summary>This kernel's own instructions are there; otherwise each call is two of <see cref="Blake3x8"/>.</summary>
    private static readonly bool Native = Avx512F.IsSupported && Avx512BW.IsSupported && Avx2.IsSupported;

    /// <summary>
    /// True when sixteen messages can be hashed at once: with this kernel (AVX-512 F and BW, AVX2 gathers), or on AVX2
    /// alone as two calls of <see cref="Blake3x8"/>.
    /// </summary>
    public static readonly bool IsSupported = Native || Blake3x8.IsSupported;

    private const int ElementsPerChunk = Blake3.ChunkBytes / 8;

    /// <summary>
    /// Keyed digests of sixteen messages (element j of lane l at source[l·laneStride + j·columnStride], j &lt; width)
    /// into `digests`: lane l's at digests + 32·l·digestStride.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HashElements(uint[] key, ulong* source, long laneStride, long columnStride, int width, byte* digests, long digestStride = 1)
    {
        if (!Native)
        {
            Blake3x8.HashElements(key, source, laneStride, columnStride, width, digests, digestStride);
            Blake3x8.HashElements(key, source + 8 * laneStride, laneStride, columnStride, width, digests + 8 * 32 * digestStride, digestStride);
            return;
        }
        var k = stackalloc Vector512<uint>[8];
        for (int i = 0; i < 8; i++) k[i] = Vector512.Create(key[i]);
        var cv = stackalloc Vector512<uint>[8];
        var message = new Message(source, laneStride, columnStride, null, 0, width);
        int chunks = Math.Max(1, (width + ElementsPerChunk - 1) / ElementsPerChunk);
        Subtree(k, message, 0, chunks, root: true, cv);
        StoreDigests(cv, digests, 32 * digestStride);
    }

    /// <summary>
    /// Lane l's eight words (word i in cv[i]) to digests + l·stride: an 8×16 transpose by interleaves, so sixteen digests are
    /// 32 stores of 16 bytes instead of 128 scalar word moves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreDigests(Vector512<uint>* cv, byte* digests, long stride)
    {
        // u[r] (and u[r + 4]) hold words 0-3 (4-7) of digest 4k + r in their 128-bit lane k.
        var u = stackalloc Vector512<uint>[8];
        for (int half = 0; half < 2; half++)
        {
            var v = cv + 4 * half;
            var t0 = Avx512F.UnpackLow(v[0], v[1]);
            var t1 = Avx512F.UnpackHigh(v[0], v[1]);
            var t2 = Avx512F.UnpackLow(v[2], v[3]);
            var t3 = Avx512F.UnpackHigh(v[2], v[3]);
            u[4 * half] = Avx512F.UnpackLow(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
            u[4 * half + 1] = Avx512F.UnpackHigh(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
            u[4 * half + 2] = Avx512F.UnpackLow(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
            u[4 * half + 3] = Avx512F.UnpackHigh(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
        }
        for (int r = 0; r < 4; r++)
        {
            Vector512<uint> low = u[r], high = u[r + 4];
            byte* d = digests + r * stride;
            Avx512F.ExtractVector128(low, 0).Store((uint*)d);
            Avx512F.ExtractVector128(high, 0).Store((uint*)(d + 16));
            d += 4 * stride;
            Avx512F.ExtractVector128(low, 1).Store((uint*)d);
            Avx512F.ExtractVector128(high, 1).Store((uint*)(d + 16));
            d += 4 * stride;
            Avx512F.ExtractVector128(low, 2).Store((uint*)d);
            Avx512F.ExtractVector128(high, 2).Store((uint*)(d + 16));
            d += 4 * stride;
            Avx512F.ExtractVector128(low, 3).Store((uint*)d);
            Avx512F.ExtractVector128(high, 3).Store((uint*)(d + 16));
        }
    }

    /// <summary>
    /// As <see cref="HashElements"/> with element j of lane l at columns[j][offset + l]: columns kept as separate arrays
    /// are read in place. Each column's run a few batches ahead is prefetched, since a hundred streams are more than the
    /// hardware prefetcher follows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HashColumns(uint[] key, ulong** columns, long offset, int width, byte* digests, long digestStride = 1)
    {
        if (!Native)
        {
            Blake3x8.HashColumns(key, columns, offset, width, digests, digestStride);
            Blake3x8.HashColumns(key, columns, offset + 8, width, digests + 8 * 32 * digestStride, digestStride);
            return;
        }
        var k = stackalloc Vector512<uint>[8];
        for (int i = 0; i < 8; i++) k[i] = Vector512.Create(key[i]);
        var cv = stackalloc Vector512<uint>[8];
        var message = new Message(null, 1, 0, columns, offset, width);
        int chunks = Math.Max(1, (width + ElementsPerChunk - 1) / ElementsPerChunk);
        Subtree(k, message, 0, chunks, root: true, cv);
        StoreDigests(cv, digests, 32 * digestStride);
    }

    /// <summary>Where a message's elements are: Source with strides, or one array per element (Columns) at Offset.</summary>
    private readonly struct Message(ulong* source, long laneStride, long columnStride, ulong** columns, long offset, int width)
    {
        public readonly ulong* Source = source;
        public readonly long LaneStride = laneStride;
        public readonly long ColumnStride = columnStride;
        public readonly ulong** Columns = columns;
        public readonly long Offset = offset;
        public readonly int Width = width;
    }

    /// <summary>
    /// Elements ahead of the current sixteen that <see cref="HashColumns"/> asks for, into L2 (eight batches). Measured on
    /// 2^22 leaves of 100 columns: 340 ms with this, 700 ms without, 410 ms into L1, 480–650 ms from 1024 ahead.
    /// </summary>
    private const int PrefetchAhead = 128;

    /// <summary>As <see cref="Blake3"/>'s: one chunk, or the parent of the largest power-of-two left subtree and the rest.</summary>
    private static void Subtree(Vector512<uint>* key, in Message message, int first, int count, bool root, Vector512<uint>* cv)
    {
        if (count == 1)
        {
            Chunk(key, message, first, root, cv);
            return;
        }
        int left = 1 << BitOperations.Log2((uint)(count - 1));
        var block = stackalloc Vector512<uint>[16];
        Subtree(key, message, first, left, false, block);
        Subtree(key, message, first + left, count - left, false, block + 8);
        Compress(key, block, 0, Blake3.BlockBytes, Blake3.KeyedFlag | Blake3.ParentFlag | (root ? Blake3.RootFlag : 0), cv);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Chunk(Vector512<uint>* key, in Message message, int index, bool root, Vector512<uint>* cv)
    {
        int firstElement = index * ElementsPerChunk, elements = Math.Min(ElementsPerChunk, message.Width - firstElement);
        int blocks = Math.Max(1, (elements + 7) / 8);
        for (int i = 0; i < 8; i++) cv[i] = key[i];
        var m = stackalloc Vector512<uint>[16];
        var lowWords = Vector512.Create(0u, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var highWords = lowWords + Vector512<uint>.One;
        var gatherLo = Vector256.Create(0L, message.LaneStride, 2 * message.LaneStride, 3 * message.LaneStride);
        for (int b = 0; b < blocks; b++)
        {
            int e0 = firstElement + 8 * b;
            for (int u = 0; u < 8; u++)
            {
                int e = e0 + u;
                if (e >= message.Width)
                {
                    m[2 * u] = m[2 * u + 1] = Vector512<uint>.Zero;
                    continue;
                }
                ulong* col;
                if (message.Columns != null)
                {
                    col = message.Columns[e] + message.Offset;
                    Sse.Prefetch1(col + PrefetchAhead);
                    Sse.Prefetch1(col + PrefetchAhead + 8);
                }
                else
                {
                    col = message.Source + e * message.ColumnStride;
                }
                Vector512<ulong> ea, eb;
                if (message.LaneStride == 1)
                {
                    ea = Vector512.Load(col);
                    eb = Vector512.Load(col + 8);
                }
                else
                {
                    long s = message.LaneStride;
                    ea = Vector512.Create(Avx2.GatherVector256(col, gatherLo, 8), Avx2.GatherVector256(col + 4 * s, gatherLo, 8));
                    eb = Vector512.Create(Avx2.GatherVector256(col + 8 * s, gatherLo, 8), Avx2.GatherVector256(col + 12 * s, gatherLo, 8));
                }
                m[2 * u] = Avx512F.PermuteVar16x32x2(ea.AsUInt32(), lowWords, eb.AsUInt32());
                m[2 * u + 1] = Avx512F.PermuteVar16x32x2(ea.AsUInt32(), highWords, eb.AsUInt32());
            }
            uint length = (uint)Math.Clamp(8 * (firstElement + elements - e0), 0, Blake3.BlockBytes);
            uint flags = Blake3.KeyedFlag | (b == 0 ? Blake3.ChunkStartFlag : 0) | (b == blocks - 1 ? Blake3.ChunkEndFlag | (root ? Blake3.RootFlag : 0) : 0);
            Compress(cv, m, (ulong)index, length, flags, cv);
        }
    }

    /// <summary>The first eight output words of the compression function in every lane; `output` may be `cv`.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compress(Vector512<uint>* cv, Vector512<uint>* m, ulong counter, uint blockLength, uint flags, Vector512<uint>* output)
    {
        Vector512<uint> v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3], v4 = cv[4], v5 = cv[5], v6 = cv[6], v7 = cv[7];
        Vector512<uint> v8 = Vector512.Create(Blake3.IV[0]), v9 = Vector512.Create(Blake3.IV[1]), v10 = Vector512.Create(Blake3.IV[2]), v11 = Vector512.Create(Blake3.IV[3]);
        Vector512<uint> v12 = Vector512.Create((uint)counter), v13 = Vector512.Create((uint)(counter >> 32)), v14 = Vector512.Create(blockLength), v15 = Vector512.Create(flags);
        // The seven rounds written out with their message words (Blake3.Schedule) as constants: as a loop over the
        // schedule the JIT kept the sixteen state vectors in memory between rounds.
        // Round 1.
        v0 = v0 + v4 + m[0];
        v12 = Avx512F.RotateRight(v12 ^ v0, 16);
        v8 = v8 + v12;
        v4 = Avx512F.RotateRight(v4 ^ v8, 12);
        v0 = v0 + v4 + m[1];
        v12 = Avx512F.RotateRight(v12 ^ v0, 8);
        v8 = v8 + v12;
        v4 = Avx512F.RotateRight(v4 ^ v8, 7);
        v1 = v1 + v5 + m[2];
        v13 = Avx512F.RotateRight(v13 ^ v1, 16);
        v9 = v9 + v13;
        v5 = Avx512F.RotateRight(v5 ^ v9, 12);
        v1 = v1 + v5 + m[3];
        v13 = Avx512F.RotateRight(v13 ^ v1, 8);
        v9 = v9 + v13;
        v5 = Avx512F.RotateRight(v5 ^ v9, 7);
        v2 = v2 + v6 + m[4];
        v14 = Avx512F.RotateRight(v14 ^ v2, 16);
        v10 = v10 + v14;
        v6 = Avx512F.RotateRight(v6 ^ v10, 12);
        v2 = v2 + v6 + m[5];
        v14 = Avx512F.RotateRight(v14 ^ v2, 8);
        v10 = v10 + v14;
        v6 = Avx512F.RotateRight(v6 ^ v10, 7);
        v3 = v3 + v7 + m[6];
        v15 = Avx512F.RotateRight(v15 ^ v3, 16);
        v11 = v11 + v15;
        v7 = Avx512F.RotateRight(v7 ^ v11, 12);
        v3 = v3 + v7 + m[7];
        v15 = Avx512F.RotateRight(v15 ^ v3, 8);
        v11 = v11 + v15;
        v7 = Avx512F.RotateRight(v7 ^ v11, 7);
        v0 = v0 + v5 + m[8];
        v15 = Avx512F.RotateRight(v15 ^ v0, 16);
        v10 = v10 + v15;
        v5 = Avx512F.RotateRight(v5 ^ v10, 12);
        v0 = v0 + v5 + m[9];
        v15 = Avx512F.RotateRight(v15 ^ v0, 8);
        v10 = v10 + v15;
        v5 = Avx512F.RotateRight(v5 ^ v10, 7);
        v1 = v1 + v6 + m[10];
        v12 = Avx512F.RotateRight(v12 ^ v1, 16);
        v11 = v11 + v12;
        v6 = Avx512F.RotateRight(v6 ^ v11, 12);
        v1 = v1 + v6 + m[11];
        v12 = Avx512F.RotateRight(v12 ^ v1, 8);
        v11 = v11 + v12;
        v6 = Avx512F.RotateRight(v6 ^ v11, 7);
        v2 = v2 + v7 + m[12];
        v13 = Avx512F.RotateRight(v13 ^ v2, 16);
        v8 = v8 + v13;
        v7 = Avx512F.RotateRight(v7 ^ v8, 12);
        v2 = v2 + v7 + m[13];
        v13 = Avx512F.RotateRight(v13 ^ v2, 8);
        v8 = v8 + v13;
        v7 = Avx512F.RotateRight(v7 ^ v8, 7);
        v3 = v3 + v4 + m[14];
        v14 = Avx512F.RotateRight(v14 ^ v3, 16);
        v9 = v9 + v14;
        v4 = Avx512F.RotateRight(v4 ^ v9, 12);
        v3 = v3 + v4 + m[15];
        v14 = Avx512F.RotateRight(v14 ^ v3, 8);
        v9 = v9 + v14;
        v4 = Avx512F.RotateRight(v4 ^ v9, 7);
        // Round 2.
        v0 = v0 + v4 + m[2];
        v12 = Avx512F.RotateRight(v12 ^ v0, 16);
        v8 = v8 + v12;
        v4 = Avx512F.RotateRight(v4 ^ v8, 12);
        v0 = v0 + v4 + m[6];
        v12 = Avx512F.RotateRight(v12 ^ v0, 8);
        v8 = v8 + v12;
        v4 = Avx512F.RotateRight(v4 ^ v8, 7);
        v1 = v1 + v5 + m[3];
        v13 = Avx512F.RotateRight(v13 ^ v1, 16);
        v9 = v9 + v13;
        v5 = Avx512F.RotateRight(v5 ^ v9, 12);
        v1 = v1 + v5 + m[10];
        v13 = Avx512F.RotateRight(v13 ^ v1, 8);
        v9 = v9 + v13;
        v5 = Avx512F.RotateRight(v5 ^ v9, 7);
        v2 = v2 + v6 + m[7];
        v14 = Avx512F.RotateRight(v14 ^ v2, 16);
        v10 = v10 + v14;
        v6 = Avx512F.RotateRight(v6 ^ v10, 12);
        v2 = v2 + v6 + m[0];
        v14 = Avx512F.RotateRight(v14 ^ v2, 8);
        v10 = v10 + v14;
        v6 = Avx512F.RotateRight(v6 ^ v10, 7);
        v3 = v3 + v7 + m[4];
        v15 = Avx512F.RotateRight(v15 ^ v3, 16);
        v11 = v11 + v15;
        v7 = Avx512F.RotateRight(v7 ^ v11, 12);
        v3 = v3 + v7 + m[13];
        v15 = Avx512F.RotateRight(v15 ^ v3, 8);
        v11 = v11 + v15;
        v7 = Avx512F.RotateRight(v7 ^ v11, 7);
        v0 = v0 + v5 + m[1];
        v15 = Avx512F.RotateRight(v15 ^ v0, 16);
        v10 = v10 + v15;
        v5 = Avx512F.RotateRight(v5 ^ v10, 12);
        v0 = v0 + v5 + m[11];
        v15 = Avx512F.RotateRight(v15 ^ v0, 8);
        v10 = v10 + v15;
        v5 = Avx512F.RotateRight(v5 ^ v10, 7);
        v1 = v1 + v6 + m[12];
        v12 = Avx512F.RotateRight(v12 ^ v1, 16);
        v11 = v11 + v12;
        v6 = Avx512F.RotateRight(v6 ^ v11, 12);
        v1 = v1 + v6 + m[5];
        v12 = Avx512F.RotateRight(v12 ^ v1, 8);
        v11 = v11 + v12;
        v6 = Avx512F.RotateRight(v6 ^ v11, 7);
        v2 = v2 + v7 + m[9];
        v13 = Avx512F.RotateRight(v13 ^ v2, 16);
        v8 = v8 + v13;
        v7 = Avx512F.RotateRight(v7 ^ v8, 12);
        v2 = v2 + v7 + m[14];
        v13 = Avx512F.RotateRight(v13 ^ v2, 8);
        v8 = v8 + v13;
        v7 = Avx512F.RotateRight(v7 ^ v8, 7);
        v3 = v3 + v4 + m[15];
        v14 = Avx512F.RotateRight(v14 ^ v3, 16);
        v9 = v9 + v14;
        v4 = Avx512F.RotateRight(v4 ^ v9, 12);
        v3 = v3 + v4 + m[8];
        v14 = Avx512F.RotateRight(v14 ^ v3, 8);
        v9 = v9 + v14;
        v4 = Avx512F.RotateRight(v4 ^ v9, 7);
        // Round 3.
        v0 = v0 + v4 + m[3];
        v12 = Avx512F.RotateRight(v12 ^ v0, 16);
        v8 = v8 + v12;
        v4 = Avx512F.RotateRight(v4 ^ v8, 12);
        v0 = v0 + v4 + m[4];
        v12 = Avx512F.RotateRight(v12 ^ v0, 8);
        v8 = v8 + v12;
        v4 = Avx512F.RotateRight(v4 ^ v8, 7);
        v1 = v1 + v5 + m[10];
        v13 = Avx512F.RotateRight(v13 ^ v1, 16);
        v9 = v9 + v13;
        v5 = Avx512F.RotateRight(v5 ^ v9, 12);
        v1 = v1 + v5 + m[12];
        v13 = Avx512F.RotateRight(v13 ^ v1, 8);
        v9 = v9 + v13;
        v5 = Avx512F.RotateRight(v5 ^ v9, 7);
        v2 = v2 + v6 + m[13];
        v14 = Avx512F.RotateRight(v14 ^ v2, 16);
        v10 = v10 + v14;
        v6 = Avx512F.RotateRight(v6 ^ v10, 12);
        v2 = v2 + v6 + m[2];
        v14 = Avx512F.RotateRight(v14 ^ v2, 8);
        v10 = v10 + v14;
        v6 = Avx512F.RotateRight(v6 ^ v10, 7);
        v3 = v3 + v7 + m[7];
        v15 = Avx512F.RotateRight(v15 ^ v3, 16);
        v11 = v11 + v15;
        v7 = Avx512F.RotateRight(v7 ^ v11, 12);
        v3 = v3 + v7 + m[14];
        v15 = Avx512F.RotateRight(v15 ^ v3, 8);
        v11 = v11 + v15;
        v7 = Avx512F.RotateRight(v7 ^ v11, 7);
        v0 = v0 + v5 + m[6];
        v15 = Avx512F.RotateRight(v15 ^ v0, 16);
        v10 = v10 + v15;
        v5 = Avx512F.RotateRight(v5 ^ v10, 12);
        v0 = v0 + v5 + m[5];
        v15 = Avx512F.RotateRight(v15 ^ v0, 8);
        v10 = v10 + v15;
        v5 = Avx512F.RotateRight(v5 ^ v10, 7);
        v1 = v1 + v6 + m[9];
        v12 = Avx512F.RotateRight(v12 ^ v1, 16);
        v11 = v11 + v12;
        v6 = Avx512F.RotateRight(v6 ^ v11, 12);
        v1 = v1 + v6 + m[0];
        v12 = Avx512F.RotateRight(v12 ^ v1, 8);
        v11 = v11 + v12;
        v6 = Avx512F.RotateRight(v6 ^ v11, 7);
        v2 = v2 + v7 + m[11];
        v13 = Avx512F.RotateRight(v13 ^ v2, 16);
        v8 = v8 + v13;
        v7 = Avx512F.RotateRight(v7 ^ v8, 12);
        v2 = v2 + v7 + m[15];
        v13 = Avx512F.RotateRight(v13 ^ v2, 8);
        v8 = v8 + v13;
        v7 = Avx512F.RotateRight(v7 ^ v8, 7);
        v3 = v3 + v4 + m[8];
        v14 = Avx512F.RotateRight(v14 ^ v3, 16);
        v9 = v9 + v14;
        v4 = Avx512F.RotateRight(v4 ^ v9, 12);
        v3 = v3 + v4 + m[1];
        v14 = Avx512F.RotateRight(v14 ^ v3, 8);
        v9 = v9 + v14;
        v4 = Avx512F.RotateRight(v4 ^ v9, 7);
        // Round 4.
        v0 = v0 + v4 + m[10];
        v12 = Avx512F.RotateRight(v12 ^ v0, 16);
        v8 = v8 + v12;
        v4 = Avx512F.RotateRight(v4 ^ v8, 12);
        v0 = v0 + v4 + m[7];
        v12 = Avx512F.RotateRight(v12 ^ v0, 8);
        v8 = v8 + v12;
        v4 = Avx512F.RotateRight(v4 ^ v8, 7);
        v1 = v1 + v5 + m[12];
        v13 = Avx512F.RotateRight(v13 ^ v1, 16);
        v9 = v9 + v13;
        v5 = Avx512F.RotateRight(v5 ^ v9, 12);
        v1 = v1 + v5 + m[9];
        v13 = Avx512F.RotateRight(v13 ^ v1, 8);
        v9 = v9 + v13;
        v5 = Avx512F.RotateRight(v5 ^ v9, 7);
        v2 = v2 + v6 + m[14];
        v14 = Avx512F.RotateRight(v14 ^ v2, 16);
        v10 = v10 + v14;
        v6 = Avx512F.RotateRight(v6 ^ v10, 12);
        v2 = v2 + v6 + m[3];
        v14 = Avx512F.RotateRight(v14 ^ v2, 8);
        v10 = v10 + v14;
        v6 = Avx512F.RotateRight(v6 ^ v10, 7);
        v3 = v3 + v7 + m[13];
        v15 = Avx512F.RotateRight(v15 ^ v3, 16);
        v11 = v11 + v15;
        v7 = Avx512F.RotateRight(v7 ^ v11, 12);
        v3 = v3 + v7 + m[15];
        v15 = Avx512F.RotateRight(v15 ^ v3, 8);
        v11 = v11 + v15;
        v7 = Avx512F.RotateRight(v7 ^ v11, 7);
        v0 = v0 + v5 + m[4];
        v15 = Avx512F.RotateRight(v15 ^ v0, 16);
        v10 = v10 + v15;
        v5 = Avx512F.RotateRight(v5 ^ v10, 12);
        v0 = v0 + v5 + m[0];
        v15 = Avx512F.RotateRight(v15 ^ v0, 8);
        v10 = v10 + v15;
        v5 = Avx512F.RotateRight(v5 ^ v10, 7);
        v1 = v1 + v6 + m[11];
        v12 = Avx512F.RotateRight(v12 ^ v1, 16);
        v11 = v11 + v12;
        v6 = Avx512F.RotateRight(v6 ^ v11, 12);
        v1 = v1 + v6 + m[2];
        v12 = Avx512F.RotateRight(v12 ^ v1, 8);
        v11 = v11 + v12;
        v6 = Avx512F.RotateRight(v6 ^ v11, 7);
        v2 = v2 + v7 + m[5];
        v13 = Avx512F.RotateRight(v13 ^ v2, 16);
        v8 = v8 + v13;
        v7 = Avx512F.RotateRight(v7 ^ v8, 12);
        v2 = v2 + v7 + m[8];
        v13 = Avx512F.RotateRight(v13 ^ v2, 8);
        v8 = v8 + v13;
        v7 = Avx512F.RotateRight(v7 ^ v8, 7);
        v3 = v3 + v4 + m[1];
        v14 = Avx512F.RotateRight(v14 ^ v3, 16);
        v9 = v9 + v14;
        v4 = Avx512F.RotateRight(v4 ^ v9, 12);
        v3 = v3 + v4 + m[6];
        v14 = Avx512F.RotateRight(v14 ^ v3, 8);
        v9 = v9 + v14;
        v4 = Avx512F.RotateRight(v4 ^ v9, 7);
        // Round 5.
        v0 = v0 + v4 + m[12];
        v12 = Avx512F.RotateRight(v12 ^ v0, 16);
        v8 = v8 + v12;
        v4 = Avx512F.RotateRight(v4 ^ v8, 12);
        v0 = v0 + v4 + m[13];
        v12 = Avx512F.RotateRight(v12 ^ v0, 8);
        v8 = v8 + v12;
        v4 = Avx512F.RotateRight(v4 ^ v8, 7);
        v1 = v1 + v5 + m[9];
        v13 = Avx512F.RotateRight(v13 ^ v1, 16);
        v9 = v9 + v13;
        v5 = Avx512F.RotateRight(v5 ^ v9, 12);
        v1 = v1 + v5 + m[11];
        v13 = Avx512F.RotateRight(v13 ^ v1, 8);
        v9 = v9 + v13;
        v5 = Avx512F.RotateRight(v5 ^ v9, 7);
        v2 = v2 + v6 + m[15];
        v14 = Avx512F.RotateRight(v14 ^ v2, 16);
        v10 = v10 + v14;
        v6 = Avx512F.RotateRight(v6 ^ v10, 12);
        v2 = v2 + v6 + m[10];
        v14 = Avx512F.RotateRight(v14 ^ v2, 8);
        v10 = v10 + v14;
        v6 = Avx512F.RotateRight(v6 ^ v10, 7);
        v3 = v3 + v7 + m[14];
        v15 = Avx512F.RotateRight(v15 ^ v3, 16);
        v11 = v11 + v15;
        v7 = Avx512F.RotateRight(v7 ^ v11, 12);
        v3 = v3 + v7 + m[8];
        v15 = Avx512F.RotateRight(v15 ^ v3, 8);
        v11 = v11 + v15;
        v7 = Avx512F.RotateRight(v7 ^ v11, 7);
        v0 = v0 + v5 + m[7];
        v15 = Avx512F.RotateRight(v15 ^ v0, 16);
        v10 = v10 + v15;
        v5 = Avx512F.RotateRight(v5 ^ v10, 12);
        v0 = v0 + v5 + m[2];
        v15 = Avx512F.RotateRight(v15 ^ v0, 8);
        v10 = v10 + v15;
        v5 = Avx512F.RotateRight(v5 ^ v10, 7);
        v1 = v1 + v6 + m[5];
        v12 = Avx512F.RotateRight(v12 ^ v1, 16);
        v11 = v11 + v12;
        v6 = Avx512F.RotateRight(v6 ^ v11, 12);
        v1 = v1 + v6 + m[3];
        v12 = Avx512F.RotateRight(v12 ^ v1, 8);
        v11 = v11 + v12;
        v6 = Avx512F.RotateRight(v6 ^ v11, 7);
        v2 = v2 + v7 + m[0];
        v13 = Avx512F.RotateRight(v13 ^ v2, 16);
        v8 = v8 + v13;
        v7 = Avx512F.RotateRight(v7 ^ v8, 12);
        v2 = v2 + v7 + m[1];
        v13 = Avx512F.RotateRight(v13 ^ v2, 8);
        v8 = v8 + v13;
        v7 = Avx512F.RotateRight(v7 ^ v8, 7);
        v3 = v3 + v4 + m[6];
        v14 = Avx512F.RotateRight(v14 ^ v3, 16);
        v9 = v9 + v14;
        v4 = Avx512F.RotateRight(v4 ^ v9, 12);
        v3 = v3 + v4 + m[4];
        v14 = Avx512F.RotateRight(v14 ^ v3, 8);
        v9 = v9 + v14;
        v4 = Avx512F.RotateRight(v4 ^ v9, 7);
        // Round 6.
        v0 = v0 + v4 + m[9];
        v12 = Avx512F.RotateRight(v12 ^ v0, 16);
        v8 = v8 + v12;
        v4 = Avx512F.RotateRight(v4 ^ v8, 12);
        v0 = v0 + v4 + m[14];
        v12 = Avx512F.RotateRight(v12 ^ v0, 8);
        v8 = v8 + v12;
        v4 = Avx512F.RotateRight(v4 ^ v8, 7);
        v1 = v1 + v5 + m[11];
        v13 = Avx512F.RotateRight(v13 ^ v1, 16);
        v9 = v9 + v13;
        v5 = Avx512F.RotateRight(v5 ^ v9, 12);
        v1 = v1 + v5 + m[5];
        v13 = Avx512F.RotateRight(v13 ^ v1, 8);
        v9 = v9 + v13;
        v5 = Avx512F.RotateRight(v5 ^ v9, 7);
        v2 = v2 + v6 + m[8];
        v14 = Avx512F.RotateRight(v14 ^ v2, 16);
        v10 = v10 + v14;
        v6 = Avx512F.RotateRight(v6 ^ v10, 12);
        v2 = v2 + v6 + m[12];
        v14 = Avx512F.RotateRight(v14 ^ v2, 8);
        v10 = v10 + v14;
        v6 = Avx512F.RotateRight(v6 ^ v10, 7);
        v3 = v3 + v7 + m[15];
        v15 = Avx512F.RotateRight(v15 ^ v3, 16);
        v11 = v11 + v15;
        v7 = Avx512F.RotateRight(v7 ^ v11, 12);
        v3 = v3 + v7 + m[1];
        v15 = Avx512F.RotateRight(v15 ^ v3, 8);
        v11 = v11 + v15;
        v7 = Avx512F.RotateRight(v7 ^ v11, 7);
        v0 = v0 + v5 + m[13];
        v15 = Avx512F.RotateRight(v15 ^ v0, 16);
        v10 = v10 + v15;
        v5 = Avx512F.RotateRight(v5 ^ v10, 12);
        v0 = v0 + v5 + m[3];
        v15 = Avx512F.RotateRight(v15 ^ v0, 8);
        v10 = v10 + v15;
        v5 = Avx512F.RotateRight(v5 ^ v10, 7);
        v1 = v1 + v6 + m[0];
        v12 = Avx512F.RotateRight(v12 ^ v1, 16);
        v11 = v11 + v12;
        v6 = Avx512F.RotateRight(v6 ^ v11, 12);
        v1 = v1 + v6 + m[10];
        v12 = Avx512F.RotateRight(v12 ^ v1, 8);
        v11 = v11 + v12;
        v6 = Avx512F.RotateRight(v6 ^ v11, 7);
        v2 = v2 + v7 + m[2];
        v13 = Avx512F.RotateRight(v13 ^ v2, 16);
        v8 = v8 + v13;
        v7 = Avx512F.RotateRight(v7 ^ v8, 12);
        v2 = v2 + v7 + m[6];
        v13 = Avx512F.RotateRight(v13 ^ v2, 8);
        v8 = v8 + v13;
        v7 = Avx512F.RotateRight(v7 ^ v8, 7);
        v3 = v3 + v4 + m[4];
        v14 = Avx512F.RotateRight(v14 ^ v3, 16);
        v9 = v9 + v14;
        v4 = Avx512F.RotateRight(v4 ^ v9, 12);
        v3 = v3 + v4 + m[7];
        v14 = Avx512F.RotateRight(v14 ^ v3, 8);
        v9 = v9 + v14;
        v4 = Avx512F.RotateRight(v4 ^ v9, 7);
        // Round 7.
        v0 = v0 + v4 + m[11];
        v12 = Avx512F.RotateRight(v12 ^ v0, 16);
        v8 = v8 + v12;
        v4 = Avx512F.RotateRight(v4 ^ v8, 12);
        v0 = v0 + v4 + m[15];
        v12 = Avx512F.RotateRight(v12 ^ v0, 8);
        v8 = v8 + v12;
        v4 = Avx512F.RotateRight(v4 ^ v8, 7);
        v1 = v1 + v5 + m[5];
        v13 = Avx512F.RotateRight(v13 ^ v1, 16);
        v9 = v9 + v13;
        v5 = Avx512F.RotateRight(v5 ^ v9, 12);
        v1 = v1 + v5 + m[0];
        v13 = Avx512F.RotateRight(v13 ^ v1, 8);
        v9 = v9 + v13;
        v5 = Avx512F.RotateRight(v5 ^ v9, 7);
        v2 = v2 + v6 + m[1];
        v14 = Avx512F.RotateRight(v14 ^ v2, 16);
        v10 = v10 + v14;
        v6 = Avx512F.RotateRight(v6 ^ v10, 12);
        v2 = v2 + v6 + m[9];
        v14 = Avx512F.RotateRight(v14 ^ v2, 8);
        v10 = v10 + v14;
        v6 = Avx512F.RotateRight(v6 ^ v10, 7);
        v3 = v3 + v7 + m[8];
        v15 = Avx512F.RotateRight(v15 ^ v3, 16);
        v11 = v11 + v15;
        v7 = Avx512F.RotateRight(v7 ^ v11, 12);
        v3 = v3 + v7 + m[6];
        v15 = Avx512F.RotateRight(v15 ^ v3, 8);
        v11 = v11 + v15;
        v7 = Avx512F.RotateRight(v7 ^ v11, 7);
        v0 = v0 + v5 + m[14];
        v15 = Avx512F.RotateRight(v15 ^ v0, 16);
        v10 = v10 + v15;
        v5 = Avx512F.RotateRight(v5 ^ v10, 12);
        v0 = v0 + v5 + m[10];
        v15 = Avx512F.RotateRight(v15 ^ v0, 8);
        v10 = v10 + v15;
        v5 = Avx512F.RotateRight(v5 ^ v10, 7);
        v1 = v1 + v6 + m[2];
        v12 = Avx512F.RotateRight(v12 ^ v1, 16);
        v11 = v11 + v12;
        v6 = Avx512F.RotateRight(v6 ^ v11, 12);
        v1 = v1 + v6 + m[12];
        v12 = Avx512F.RotateRight(v12 ^ v1, 8);
        v11 = v11 + v12;
        v6 = Avx512F.RotateRight(v6 ^ v11, 7);
        v2 = v2 + v7 + m[3];
        v13 = Avx512F.RotateRight(v13 ^ v2, 16);
        v8 = v8 + v13;
        v7 = Avx512F.RotateRight(v7 ^ v8, 12);
        v2 = v2 + v7 + m[4];
        v13 = Avx512F.RotateRight(v13 ^ v2, 8);
        v8 = v8 + v13;
        v7 = Avx512F.RotateRight(v7 ^ v8, 7);
        v3 = v3 + v4 + m[7];
        v14 = Avx512F.RotateRight(v14 ^ v3, 16);
        v9 = v9 + v14;
        v4 = Avx512F.RotateRight(v4 ^ v9, 12);
        v3 = v3 + v4 + m[13];
        v14 = Avx512F.RotateRight(v14 ^ v3, 8);
        v9 = v9 + v14;
        v4 = Avx512F.RotateRight(v4 ^ v9, 7);
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

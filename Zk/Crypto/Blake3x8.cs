using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Wsc.Zk.Crypto;

/// <summary>
/// Keyed BLAKE3 of eight messages at once, one per 32-bit lane of AVX2 registers: <see cref="Blake3x16"/>'s kernel for
/// CPUs without AVX-512, with the same message layouts and digests (those of <see cref="Blake3.KeyedHash"/>).
/// </summary>
/// <remarks>
/// Written for eight lanes rather than running the sixteen-lane code on AVX2: there a Vector512 is two Vector256 halves,
/// the sixteen state vectors need thirty-two registers of sixteen, and the JIT kept the state in memory. On an AVX2-only
/// EPYC, 2^20 leaves of 100 elements took 8.1 s of CPU that way.
/// </remarks>
[SkipLocalsInit]
public static unsafe class Blake3x8
{
    /// <summary>True when the eight-lane kernel runs (AVX2).</summary>
    public static readonly bool IsSupported = Avx2.IsSupported;

    private const int ElementsPerChunk = Blake3.ChunkBytes / 8;

    /// <summary>
    /// Keyed digests of eight messages (element j of lane l at source[l·laneStride + j·columnStride], j &lt; width) into
    /// `digests`: lane l's at digests + 32·l·digestStride.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HashElements(uint[] key, ulong* source, long laneStride, long columnStride, int width, byte* digests, long digestStride = 1)
    {
        var k = stackalloc Vector256<uint>[8];
        for (int i = 0; i < 8; i++) k[i] = Vector256.Create(key[i]);
        var cv = stackalloc Vector256<uint>[8];
        var message = new Message(source, laneStride, columnStride, null, 0, width);
        int chunks = Math.Max(1, (width + ElementsPerChunk - 1) / ElementsPerChunk);
        Subtree(k, message, 0, chunks, root: true, cv);
        StoreDigests(cv, digests, 32 * digestStride);
    }

    /// <summary>As <see cref="HashElements"/> with element j of lane l at columns[j][offset + l] (see <see cref="Blake3x16.HashColumns"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HashColumns(uint[] key, ulong** columns, long offset, int width, byte* digests, long digestStride = 1)
    {
        var k = stackalloc Vector256<uint>[8];
        for (int i = 0; i < 8; i++) k[i] = Vector256.Create(key[i]);
        var cv = stackalloc Vector256<uint>[8];
        var message = new Message(null, 1, 0, columns, offset, width);
        int chunks = Math.Max(1, (width + ElementsPerChunk - 1) / ElementsPerChunk);
        Subtree(k, message, 0, chunks, root: true, cv);
        StoreDigests(cv, digests, 32 * digestStride);
    }

    /// <summary>
    /// Lane l's eight words (word i in cv[i]) to digests + l·stride: an 8×8 transpose by interleaves; u[r] (and u[r + 4])
    /// hold words 0–3 (4–7) of digest r in their low 128 bits and of digest r + 4 in their high 128 bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreDigests(Vector256<uint>* cv, byte* digests, long stride)
    {
        var u = stackalloc Vector256<uint>[8];
        for (int half = 0; half < 2; half++)
        {
            var v = cv + 4 * half;
            var t0 = Avx2.UnpackLow(v[0], v[1]);
            var t1 = Avx2.UnpackHigh(v[0], v[1]);
            var t2 = Avx2.UnpackLow(v[2], v[3]);
            var t3 = Avx2.UnpackHigh(v[2], v[3]);
            u[4 * half] = Avx2.UnpackLow(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
            u[4 * half + 1] = Avx2.UnpackHigh(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
            u[4 * half + 2] = Avx2.UnpackLow(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
            u[4 * half + 3] = Avx2.UnpackHigh(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
        }
        for (int r = 0; r < 4; r++)
        {
            Vector256<uint> low = u[r], high = u[r + 4];
            byte* d = digests + r * stride;
            low.GetLower().Store((uint*)d);
            high.GetLower().Store((uint*)(d + 16));
            d += 4 * stride;
            low.GetUpper().Store((uint*)d);
            high.GetUpper().Store((uint*)(d + 16));
        }
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

    /// <summary>Elements ahead of the current eight that <see cref="HashColumns"/> asks for, into L2 (as Blake3x16's).</summary>
    private const int PrefetchAhead = 128;

    /// <summary>As <see cref="Blake3"/>'s: one chunk, or the parent of the largest power-of-two left subtree and the rest.</summary>
    private static void Subtree(Vector256<uint>* key, in Message message, int first, int count, bool root, Vector256<uint>* cv)
    {
        if (count == 1)
        {
            Chunk(key, message, first, root, cv);
            return;
        }
        int left = 1 << BitOperations.Log2((uint)(count - 1));
        var block = stackalloc Vector256<uint>[16];
        Subtree(key, message, first, left, false, block);
        Subtree(key, message, first + left, count - left, false, block + 8);
        Compress(key, block, 0, Blake3.BlockBytes, Blake3.KeyedFlag | Blake3.ParentFlag | (root ? Blake3.RootFlag : 0), cv);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Chunk(Vector256<uint>* key, in Message message, int index, bool root, Vector256<uint>* cv)
    {
        int firstElement = index * ElementsPerChunk, elements = Math.Min(ElementsPerChunk, message.Width - firstElement);
        int blocks = Math.Max(1, (elements + 7) / 8);
        for (int i = 0; i < 8; i++) cv[i] = key[i];
        var m = stackalloc Vector256<uint>[16];
        // vpermd to [even words | odd words] of four elements; vperm2i128 then joins two such halves.
        var split = Vector256.Create(0u, 2, 4, 6, 1, 3, 5, 7);
        var gather = Vector256.Create(0L, message.LaneStride, 2 * message.LaneStride, 3 * message.LaneStride);
        for (int b = 0; b < blocks; b++)
        {
            int e0 = firstElement + 8 * b;
            for (int u = 0; u < 8; u++)
            {
                int e = e0 + u;
                if (e >= message.Width)
                {
                    m[2 * u] = m[2 * u + 1] = Vector256<uint>.Zero;
                    continue;
                }
                ulong* col;
                if (message.Columns != null)
                {
                    col = message.Columns[e] + message.Offset;
                    Sse.Prefetch1(col + PrefetchAhead);
                }
                else
                {
                    col = message.Source + e * message.ColumnStride;
                }
                Vector256<ulong> ea, eb;
                if (message.LaneStride == 1)
                {
                    ea = Vector256.Load(col);
                    eb = Vector256.Load(col + 4);
                }
                else
                {
                    ea = Avx2.GatherVector256(col, gather, 8);
                    eb = Avx2.GatherVector256(col + 4 * message.LaneStride, gather, 8);
                }
                var pa = Avx2.PermuteVar8x32(ea.AsUInt32(), split);
                var pb = Avx2.PermuteVar8x32(eb.AsUInt32(), split);
                m[2 * u] = Avx2.Permute2x128(pa, pb, 0x20);
                m[2 * u + 1] = Avx2.Permute2x128(pa, pb, 0x31);
            }
            uint length = (uint)Math.Clamp(8 * (firstElement + elements - e0), 0, Blake3.BlockBytes);
            uint flags = Blake3.KeyedFlag | (b == 0 ? Blake3.ChunkStartFlag : 0) | (b == blocks - 1 ? Blake3.ChunkEndFlag | (root ? Blake3.RootFlag : 0) : 0);
            Compress(cv, m, (ulong)index, length, flags, cv);
        }
    }

    // Static readonly, not properties: in the large Compress the JIT did not inline the property getters (3 % of a proof's
    // samples), while a static readonly Vector256 is a constant to it.
    private static readonly Vector256<byte> Rotate16Bytes = Vector256.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
    private static readonly Vector256<byte> Rotate8Bytes = Vector256.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12, 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12);

    /// <summary>
    /// Each 32-bit lane rotated right by n, one of BLAKE3's 16, 12, 8 and 7: a byte shuffle for 16 and 8, two shifts and
    /// an OR otherwise. Called with constants, so the switch folds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> RotateRight(Vector256<uint> x, byte n) => n switch
    {
        16 => Avx2.Shuffle(x.AsByte(), Rotate16Bytes).AsUInt32(),
        8 => Avx2.Shuffle(x.AsByte(), Rotate8Bytes).AsUInt32(),
        12 => Avx2.ShiftRightLogical(x, 12) | Avx2.ShiftLeftLogical(x, 20),
        _ => Avx2.ShiftRightLogical(x, 7) | Avx2.ShiftLeftLogical(x, 25),
    };

    /// <summary>The first eight output words of the compression function in every lane; `output` may be `cv`.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compress(Vector256<uint>* cv, Vector256<uint>* m, ulong counter, uint blockLength, uint flags, Vector256<uint>* output)
    {
        Vector256<uint> v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3], v4 = cv[4], v5 = cv[5], v6 = cv[6], v7 = cv[7];
        Vector256<uint> v8 = Vector256.Create(Blake3.IV[0]), v9 = Vector256.Create(Blake3.IV[1]), v10 = Vector256.Create(Blake3.IV[2]), v11 = Vector256.Create(Blake3.IV[3]);
        Vector256<uint> v12 = Vector256.Create((uint)counter), v13 = Vector256.Create((uint)(counter >> 32)), v14 = Vector256.Create(blockLength), v15 = Vector256.Create(flags);
        // The seven rounds written out with their message words (Blake3.Schedule) as constants: as a loop over the
        // schedule the JIT kept the sixteen state vectors in memory between rounds.
        // Round 1.
        v0 = v0 + v4 + m[0];
        v12 = RotateRight(v12 ^ v0, 16);
        v8 = v8 + v12;
        v4 = RotateRight(v4 ^ v8, 12);
        v0 = v0 + v4 + m[1];
        v12 = RotateRight(v12 ^ v0, 8);
        v8 = v8 + v12;
        v4 = RotateRight(v4 ^ v8, 7);
        v1 = v1 + v5 + m[2];
        v13 = RotateRight(v13 ^ v1, 16);
        v9 = v9 + v13;
        v5 = RotateRight(v5 ^ v9, 12);
        v1 = v1 + v5 + m[3];
        v13 = RotateRight(v13 ^ v1, 8);
        v9 = v9 + v13;
        v5 = RotateRight(v5 ^ v9, 7);
        v2 = v2 + v6 + m[4];
        v14 = RotateRight(v14 ^ v2, 16);
        v10 = v10 + v14;
        v6 = RotateRight(v6 ^ v10, 12);
        v2 = v2 + v6 + m[5];
        v14 = RotateRight(v14 ^ v2, 8);
        v10 = v10 + v14;
        v6 = RotateRight(v6 ^ v10, 7);
        v3 = v3 + v7 + m[6];
        v15 = RotateRight(v15 ^ v3, 16);
        v11 = v11 + v15;
        v7 = RotateRight(v7 ^ v11, 12);
        v3 = v3 + v7 + m[7];
        v15 = RotateRight(v15 ^ v3, 8);
        v11 = v11 + v15;
        v7 = RotateRight(v7 ^ v11, 7);
        v0 = v0 + v5 + m[8];
        v15 = RotateRight(v15 ^ v0, 16);
        v10 = v10 + v15;
        v5 = RotateRight(v5 ^ v10, 12);
        v0 = v0 + v5 + m[9];
        v15 = RotateRight(v15 ^ v0, 8);
        v10 = v10 + v15;
        v5 = RotateRight(v5 ^ v10, 7);
        v1 = v1 + v6 + m[10];
        v12 = RotateRight(v12 ^ v1, 16);
        v11 = v11 + v12;
        v6 = RotateRight(v6 ^ v11, 12);
        v1 = v1 + v6 + m[11];
        v12 = RotateRight(v12 ^ v1, 8);
        v11 = v11 + v12;
        v6 = RotateRight(v6 ^ v11, 7);
        v2 = v2 + v7 + m[12];
        v13 = RotateRight(v13 ^ v2, 16);
        v8 = v8 + v13;
        v7 = RotateRight(v7 ^ v8, 12);
        v2 = v2 + v7 + m[13];
        v13 = RotateRight(v13 ^ v2, 8);
        v8 = v8 + v13;
        v7 = RotateRight(v7 ^ v8, 7);
        v3 = v3 + v4 + m[14];
        v14 = RotateRight(v14 ^ v3, 16);
        v9 = v9 + v14;
        v4 = RotateRight(v4 ^ v9, 12);
        v3 = v3 + v4 + m[15];
        v14 = RotateRight(v14 ^ v3, 8);
        v9 = v9 + v14;
        v4 = RotateRight(v4 ^ v9, 7);
        // Round 2.
        v0 = v0 + v4 + m[2];
        v12 = RotateRight(v12 ^ v0, 16);
        v8 = v8 + v12;
        v4 = RotateRight(v4 ^ v8, 12);
        v0 = v0 + v4 + m[6];
        v12 = RotateRight(v12 ^ v0, 8);
        v8 = v8 + v12;
        v4 = RotateRight(v4 ^ v8, 7);
        v1 = v1 + v5 + m[3];
        v13 = RotateRight(v13 ^ v1, 16);
        v9 = v9 + v13;
        v5 = RotateRight(v5 ^ v9, 12);
        v1 = v1 + v5 + m[10];
        v13 = RotateRight(v13 ^ v1, 8);
        v9 = v9 + v13;
        v5 = RotateRight(v5 ^ v9, 7);
        v2 = v2 + v6 + m[7];
        v14 = RotateRight(v14 ^ v2, 16);
        v10 = v10 + v14;
        v6 = RotateRight(v6 ^ v10, 12);
        v2 = v2 + v6 + m[0];
        v14 = RotateRight(v14 ^ v2, 8);
        v10 = v10 + v14;
        v6 = RotateRight(v6 ^ v10, 7);
        v3 = v3 + v7 + m[4];
        v15 = RotateRight(v15 ^ v3, 16);
        v11 = v11 + v15;
        v7 = RotateRight(v7 ^ v11, 12);
        v3 = v3 + v7 + m[13];
        v15 = RotateRight(v15 ^ v3, 8);
        v11 = v11 + v15;
        v7 = RotateRight(v7 ^ v11, 7);
        v0 = v0 + v5 + m[1];
        v15 = RotateRight(v15 ^ v0, 16);
        v10 = v10 + v15;
        v5 = RotateRight(v5 ^ v10, 12);
        v0 = v0 + v5 + m[11];
        v15 = RotateRight(v15 ^ v0, 8);
        v10 = v10 + v15;
        v5 = RotateRight(v5 ^ v10, 7);
        v1 = v1 + v6 + m[12];
        v12 = RotateRight(v12 ^ v1, 16);
        v11 = v11 + v12;
        v6 = RotateRight(v6 ^ v11, 12);
        v1 = v1 + v6 + m[5];
        v12 = RotateRight(v12 ^ v1, 8);
        v11 = v11 + v12;
        v6 = RotateRight(v6 ^ v11, 7);
        v2 = v2 + v7 + m[9];
        v13 = RotateRight(v13 ^ v2, 16);
        v8 = v8 + v13;
        v7 = RotateRight(v7 ^ v8, 12);
        v2 = v2 + v7 + m[14];
        v13 = RotateRight(v13 ^ v2, 8);
        v8 = v8 + v13;
        v7 = RotateRight(v7 ^ v8, 7);
        v3 = v3 + v4 + m[15];
        v14 = RotateRight(v14 ^ v3, 16);
        v9 = v9 + v14;
        v4 = RotateRight(v4 ^ v9, 12);
        v3 = v3 + v4 + m[8];
        v14 = RotateRight(v14 ^ v3, 8);
        v9 = v9 + v14;
        v4 = RotateRight(v4 ^ v9, 7);
        // Round 3.
        v0 = v0 + v4 + m[3];
        v12 = RotateRight(v12 ^ v0, 16);
        v8 = v8 + v12;
        v4 = RotateRight(v4 ^ v8, 12);
        v0 = v0 + v4 + m[4];
        v12 = RotateRight(v12 ^ v0, 8);
        v8 = v8 + v12;
        v4 = RotateRight(v4 ^ v8, 7);
        v1 = v1 + v5 + m[10];
        v13 = RotateRight(v13 ^ v1, 16);
        v9 = v9 + v13;
        v5 = RotateRight(v5 ^ v9, 12);
        v1 = v1 + v5 + m[12];
        v13 = RotateRight(v13 ^ v1, 8);
        v9 = v9 + v13;
        v5 = RotateRight(v5 ^ v9, 7);
        v2 = v2 + v6 + m[13];
        v14 = RotateRight(v14 ^ v2, 16);
        v10 = v10 + v14;
        v6 = RotateRight(v6 ^ v10, 12);
        v2 = v2 + v6 + m[2];
        v14 = RotateRight(v14 ^ v2, 8);
        v10 = v10 + v14;
        v6 = RotateRight(v6 ^ v10, 7);
        v3 = v3 + v7 + m[7];
        v15 = RotateRight(v15 ^ v3, 16);
        v11 = v11 + v15;
        v7 = RotateRight(v7 ^ v11, 12);
        v3 = v3 + v7 + m[14];
        v15 = RotateRight(v15 ^ v3, 8);
        v11 = v11 + v15;
        v7 = RotateRight(v7 ^ v11, 7);
        v0 = v0 + v5 + m[6];
        v15 = RotateRight(v15 ^ v0, 16);
        v10 = v10 + v15;
        v5 = RotateRight(v5 ^ v10, 12);
        v0 = v0 + v5 + m[5];
        v15 = RotateRight(v15 ^ v0, 8);
        v10 = v10 + v15;
        v5 = RotateRight(v5 ^ v10, 7);
        v1 = v1 + v6 + m[9];
        v12 = RotateRight(v12 ^ v1, 16);
        v11 = v11 + v12;
        v6 = RotateRight(v6 ^ v11, 12);
        v1 = v1 + v6 + m[0];
        v12 = RotateRight(v12 ^ v1, 8);
        v11 = v11 + v12;
        v6 = RotateRight(v6 ^ v11, 7);
        v2 = v2 + v7 + m[11];
        v13 = RotateRight(v13 ^ v2, 16);
        v8 = v8 + v13;
        v7 = RotateRight(v7 ^ v8, 12);
        v2 = v2 + v7 + m[15];
        v13 = RotateRight(v13 ^ v2, 8);
        v8 = v8 + v13;
        v7 = RotateRight(v7 ^ v8, 7);
        v3 = v3 + v4 + m[8];
        v14 = RotateRight(v14 ^ v3, 16);
        v9 = v9 + v14;
        v4 = RotateRight(v4 ^ v9, 12);
        v3 = v3 + v4 + m[1];
        v14 = RotateRight(v14 ^ v3, 8);
        v9 = v9 + v14;
        v4 = RotateRight(v4 ^ v9, 7);
        // Round 4.
        v0 = v0 + v4 + m[10];
        v12 = RotateRight(v12 ^ v0, 16);
        v8 = v8 + v12;
        v4 = RotateRight(v4 ^ v8, 12);
        v0 = v0 + v4 + m[7];
        v12 = RotateRight(v12 ^ v0, 8);
        v8 = v8 + v12;
        v4 = RotateRight(v4 ^ v8, 7);
        v1 = v1 + v5 + m[12];
        v13 = RotateRight(v13 ^ v1, 16);
        v9 = v9 + v13;
        v5 = RotateRight(v5 ^ v9, 12);
        v1 = v1 + v5 + m[9];
        v13 = RotateRight(v13 ^ v1, 8);
        v9 = v9 + v13;
        v5 = RotateRight(v5 ^ v9, 7);
        v2 = v2 + v6 + m[14];
        v14 = RotateRight(v14 ^ v2, 16);
        v10 = v10 + v14;
        v6 = RotateRight(v6 ^ v10, 12);
        v2 = v2 + v6 + m[3];
        v14 = RotateRight(v14 ^ v2, 8);
        v10 = v10 + v14;
        v6 = RotateRight(v6 ^ v10, 7);
        v3 = v3 + v7 + m[13];
        v15 = RotateRight(v15 ^ v3, 16);
        v11 = v11 + v15;
        v7 = RotateRight(v7 ^ v11, 12);
        v3 = v3 + v7 + m[15];
        v15 = RotateRight(v15 ^ v3, 8);
        v11 = v11 + v15;
        v7 = RotateRight(v7 ^ v11, 7);
        v0 = v0 + v5 + m[4];
        v15 = RotateRight(v15 ^ v0, 16);
        v10 = v10 + v15;
        v5 = RotateRight(v5 ^ v10, 12);
        v0 = v0 + v5 + m[0];
        v15 = RotateRight(v15 ^ v0, 8);
        v10 = v10 + v15;
        v5 = RotateRight(v5 ^ v10, 7);
        v1 = v1 + v6 + m[11];
        v12 = RotateRight(v12 ^ v1, 16);
        v11 = v11 + v12;
        v6 = RotateRight(v6 ^ v11, 12);
        v1 = v1 + v6 + m[2];
        v12 = RotateRight(v12 ^ v1, 8);
        v11 = v11 + v12;
        v6 = RotateRight(v6 ^ v11, 7);
        v2 = v2 + v7 + m[5];
        v13 = RotateRight(v13 ^ v2, 16);
        v8 = v8 + v13;
        v7 = RotateRight(v7 ^ v8, 12);
        v2 = v2 + v7 + m[8];
        v13 = RotateRight(v13 ^ v2, 8);
        v8 = v8 + v13;
        v7 = RotateRight(v7 ^ v8, 7);
        v3 = v3 + v4 + m[1];
        v14 = RotateRight(v14 ^ v3, 16);
        v9 = v9 + v14;
        v4 = RotateRight(v4 ^ v9, 12);
        v3 = v3 + v4 + m[6];
        v14 = RotateRight(v14 ^ v3, 8);
        v9 = v9 + v14;
        v4 = RotateRight(v4 ^ v9, 7);
        // Round 5.
        v0 = v0 + v4 + m[12];
        v12 = RotateRight(v12 ^ v0, 16);
        v8 = v8 + v12;
        v4 = RotateRight(v4 ^ v8, 12);
        v0 = v0 + v4 + m[13];
        v12 = RotateRight(v12 ^ v0, 8);
        v8 = v8 + v12;
        v4 = RotateRight(v4 ^ v8, 7);
        v1 = v1 + v5 + m[9];
        v13 = RotateRight(v13 ^ v1, 16);
        v9 = v9 + v13;
        v5 = RotateRight(v5 ^ v9, 12);
        v1 = v1 + v5 + m[11];
        v13 = RotateRight(v13 ^ v1, 8);
        v9 = v9 + v13;
        v5 = RotateRight(v5 ^ v9, 7);
        v2 = v2 + v6 + m[15];
        v14 = RotateRight(v14 ^ v2, 16);
        v10 = v10 + v14;
        v6 = RotateRight(v6 ^ v10, 12);
        v2 = v2 + v6 + m[10];
        v14 = RotateRight(v14 ^ v2, 8);
        v10 = v10 + v14;
        v6 = RotateRight(v6 ^ v10, 7);
        v3 = v3 + v7 + m[14];
        v15 = RotateRight(v15 ^ v3, 16);
        v11 = v11 + v15;
        v7 = RotateRight(v7 ^ v11, 12);
        v3 = v3 + v7 + m[8];
        v15 = RotateRight(v15 ^ v3, 8);
        v11 = v11 + v15;
        v7 = RotateRight(v7 ^ v11, 7);
        v0 = v0 + v5 + m[7];
        v15 = RotateRight(v15 ^ v0, 16);
        v10 = v10 + v15;
        v5 = RotateRight(v5 ^ v10, 12);
        v0 = v0 + v5 + m[2];
        v15 = RotateRight(v15 ^ v0, 8);
        v10 = v10 + v15;
        v5 = RotateRight(v5 ^ v10, 7);
        v1 = v1 + v6 + m[5];
        v12 = RotateRight(v12 ^ v1, 16);
        v11 = v11 + v12;
        v6 = RotateRight(v6 ^ v11, 12);
        v1 = v1 + v6 + m[3];
        v12 = RotateRight(v12 ^ v1, 8);
        v11 = v11 + v12;
        v6 = RotateRight(v6 ^ v11, 7);
        v2 = v2 + v7 + m[0];
        v13 = RotateRight(v13 ^ v2, 16);
        v8 = v8 + v13;
        v7 = RotateRight(v7 ^ v8, 12);
        v2 = v2 + v7 + m[1];
        v13 = RotateRight(v13 ^ v2, 8);
        v8 = v8 + v13;
        v7 = RotateRight(v7 ^ v8, 7);
        v3 = v3 + v4 + m[6];
        v14 = RotateRight(v14 ^ v3, 16);
        v9 = v9 + v14;
        v4 = RotateRight(v4 ^ v9, 12);
        v3 = v3 + v4 + m[4];
        v14 = RotateRight(v14 ^ v3, 8);
        v9 = v9 + v14;
        v4 = RotateRight(v4 ^ v9, 7);
        // Round 6.
        v0 = v0 + v4 + m[9];
        v12 = RotateRight(v12 ^ v0, 16);
        v8 = v8 + v12;
        v4 = RotateRight(v4 ^ v8, 12);
        v0 = v0 + v4 + m[14];
        v12 = RotateRight(v12 ^ v0, 8);
        v8 = v8 + v12;
        v4 = RotateRight(v4 ^ v8, 7);
        v1 = v1 + v5 + m[11];
        v13 = RotateRight(v13 ^ v1, 16);
        v9 = v9 + v13;
        v5 = RotateRight(v5 ^ v9, 12);
        v1 = v1 + v5 + m[5];
        v13 = RotateRight(v13 ^ v1, 8);
        v9 = v9 + v13;
        v5 = RotateRight(v5 ^ v9, 7);
        v2 = v2 + v6 + m[8];
        v14 = RotateRight(v14 ^ v2, 16);
        v10 = v10 + v14;
        v6 = RotateRight(v6 ^ v10, 12);
        v2 = v2 + v6 + m[12];
        v14 = RotateRight(v14 ^ v2, 8);
        v10 = v10 + v14;
        v6 = RotateRight(v6 ^ v10, 7);
        v3 = v3 + v7 + m[15];
        v15 = RotateRight(v15 ^ v3, 16);
        v11 = v11 + v15;
        v7 = RotateRight(v7 ^ v11, 12);
        v3 = v3 + v7 + m[1];
        v15 = RotateRight(v15 ^ v3, 8);
        v11 = v11 + v15;
        v7 = RotateRight(v7 ^ v11, 7);
        v0 = v0 + v5 + m[13];
        v15 = RotateRight(v15 ^ v0, 16);
        v10 = v10 + v15;
        v5 = RotateRight(v5 ^ v10, 12);
        v0 = v0 + v5 + m[3];
        v15 = RotateRight(v15 ^ v0, 8);
        v10 = v10 + v15;
        v5 = RotateRight(v5 ^ v10, 7);
        v1 = v1 + v6 + m[0];
        v12 = RotateRight(v12 ^ v1, 16);
        v11 = v11 + v12;
        v6 = RotateRight(v6 ^ v11, 12);
        v1 = v1 + v6 + m[10];
        v12 = RotateRight(v12 ^ v1, 8);
        v11 = v11 + v12;
        v6 = RotateRight(v6 ^ v11, 7);
        v2 = v2 + v7 + m[2];
        v13 = RotateRight(v13 ^ v2, 16);
        v8 = v8 + v13;
        v7 = RotateRight(v7 ^ v8, 12);
        v2 = v2 + v7 + m[6];
        v13 = RotateRight(v13 ^ v2, 8);
        v8 = v8 + v13;
        v7 = RotateRight(v7 ^ v8, 7);
        v3 = v3 + v4 + m[4];
        v14 = RotateRight(v14 ^ v3, 16);
        v9 = v9 + v14;
        v4 = RotateRight(v4 ^ v9, 12);
        v3 = v3 + v4 + m[7];
        v14 = RotateRight(v14 ^ v3, 8);
        v9 = v9 + v14;
        v4 = RotateRight(v4 ^ v9, 7);
        // Round 7.
        v0 = v0 + v4 + m[11];
        v12 = RotateRight(v12 ^ v0, 16);
        v8 = v8 + v12;
        v4 = RotateRight(v4 ^ v8, 12);
        v0 = v0 + v4 + m[15];
        v12 = RotateRight(v12 ^ v0, 8);
        v8 = v8 + v12;
        v4 = RotateRight(v4 ^ v8, 7);
        v1 = v1 + v5 + m[5];
        v13 = RotateRight(v13 ^ v1, 16);
        v9 = v9 + v13;
        v5 = RotateRight(v5 ^ v9, 12);
        v1 = v1 + v5 + m[0];
        v13 = RotateRight(v13 ^ v1, 8);
        v9 = v9 + v13;
        v5 = RotateRight(v5 ^ v9, 7);
        v2 = v2 + v6 + m[1];
        v14 = RotateRight(v14 ^ v2, 16);
        v10 = v10 + v14;
        v6 = RotateRight(v6 ^ v10, 12);
        v2 = v2 + v6 + m[9];
        v14 = RotateRight(v14 ^ v2, 8);
        v10 = v10 + v14;
        v6 = RotateRight(v6 ^ v10, 7);
        v3 = v3 + v7 + m[8];
        v15 = RotateRight(v15 ^ v3, 16);
        v11 = v11 + v15;
        v7 = RotateRight(v7 ^ v11, 12);
        v3 = v3 + v7 + m[6];
        v15 = RotateRight(v15 ^ v3, 8);
        v11 = v11 + v15;
        v7 = RotateRight(v7 ^ v11, 7);
        v0 = v0 + v5 + m[14];
        v15 = RotateRight(v15 ^ v0, 16);
        v10 = v10 + v15;
        v5 = RotateRight(v5 ^ v10, 12);
        v0 = v0 + v5 + m[10];
        v15 = RotateRight(v15 ^ v0, 8);
        v10 = v10 + v15;
        v5 = RotateRight(v5 ^ v10, 7);
        v1 = v1 + v6 + m[2];
        v12 = RotateRight(v12 ^ v1, 16);
        v11 = v11 + v12;
        v6 = RotateRight(v6 ^ v11, 12);
        v1 = v1 + v6 + m[12];
        v12 = RotateRight(v12 ^ v1, 8);
        v11 = v11 + v12;
        v6 = RotateRight(v6 ^ v11, 7);
        v2 = v2 + v7 + m[3];
        v13 = RotateRight(v13 ^ v2, 16);
        v8 = v8 + v13;
        v7 = RotateRight(v7 ^ v8, 12);
        v2 = v2 + v7 + m[4];
        v13 = RotateRight(v13 ^ v2, 8);
        v8 = v8 + v13;
        v7 = RotateRight(v7 ^ v8, 7);
        v3 = v3 + v4 + m[7];
        v14 = RotateRight(v14 ^ v3, 16);
        v9 = v9 + v14;
        v4 = RotateRight(v4 ^ v9, 12);
        v3 = v3 + v4 + m[13];
        v14 = RotateRight(v14 ^ v3, 8);
        v9 = v9 + v14;
        v4 = RotateRight(v4 ^ v9, 7);
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

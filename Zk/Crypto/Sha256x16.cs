using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Wsc.Zk.Crypto;

/// <summary>
/// SHA-256 of sixteen tagged messages at once, one per 32-bit lane of AVX-512 registers: message l is
/// tag ‖ the little-endian bytes of `width` field elements. The digests are those of <see cref="Sha256.HashTagged"/>;
/// only the speed differs. SHA-NI hashes one message at a time (about 1.5 GB/s here, most of a Merkle commitment);
/// sixteen lanes with rotates and three-input logic instructions do the same rounds for sixteen messages.
/// </summary>
/// <remarks>
/// The message is read as 8-byte units, unit u = bytes [8u, 8u+8): unit u is (e_u &lt;&lt; 8) | (e_(u−1) &gt;&gt; 56) where
/// e_(−1) carries the tag in its top byte, e_width is the padding byte 0x80 and later e are zero; the last unit holds the
/// bit length. Each unit gives two big-endian message words. Element j of lane l is read at
/// base[l·laneStride + j·columnStride]: with laneStride 1 the sixteen lanes are two vector loads, otherwise gathers.
/// </remarks>
public static unsafe class Sha256x16
{
    /// <summary>True when the sixteen-lane kernel runs (AVX-512 F and BW, AVX2 gathers).</summary>
    public static readonly bool IsSupported = Avx512F.IsSupported && Avx512BW.IsSupported && Avx2.IsSupported;

    private static readonly uint[] K =
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    private static readonly uint[] H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

    /// <summary>
    /// Digests of sixteen messages tag ‖ (element j of lane l for j &lt; width) into `digests` (lane l at [32l, 32l+32)).
    /// Element j of lane l is source[l·laneStride + j·columnStride]; lane l's digest goes to digests + 32·l·digestStride.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HashTagged(byte tag, ulong* source, long laneStride, long columnStride, int width, byte* digests, long digestStride = 1)
    {
        int length = 1 + 8 * width;
        int blocks = (length + 9 + 63) / 64;
        int units = 8 * blocks;
        ulong bitLength = BinaryPrimitives.ReverseEndianness((ulong)length * 8);
        var w = stackalloc Vector512<uint>[16];
        var state = stackalloc Vector512<uint>[8];
        for (int i = 0; i < 8; i++) state[i] = Vector512.Create(H0[i]);
        var lowWords = Vector512.Create(0u, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var highWords = lowWords + Vector512<uint>.One;
        var swap = Vector512.Create((byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
            3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
        var gatherLo = Vector256.Create(0L, laneStride, 2 * laneStride, 3 * laneStride);
        var prevA = Vector512.Create((ulong)tag << 56);
        var prevB = prevA;
        int u = 0;
        for (int block = 0; block < blocks; block++)
        {
            for (int k = 0; k < 8; k++, u++)
            {
                Vector512<ulong> ea, eb;
                if (u < width)
                {
                    ulong* col = source + u * columnStride;
                    if (laneStride == 1)
                    {
                        ea = Vector512.Load(col);
                        eb = Vector512.Load(col + 8);
                    }
                    else
                    {
                        ea = Vector512.Create(Avx2.GatherVector256(col, gatherLo, 8), Avx2.GatherVector256(col + 4 * laneStride, gatherLo, 8));
                        eb = Vector512.Create(Avx2.GatherVector256(col + 8 * laneStride, gatherLo, 8), Avx2.GatherVector256(col + 12 * laneStride, gatherLo, 8));
                    }
                }
                else
                {
                    ea = eb = Vector512.Create(u == width ? 0x80UL : 0UL);
                }
                var ua = (ea << 8) | (prevA >> 56);
                var ub = (eb << 8) | (prevB >> 56);
                prevA = ea;
                prevB = eb;
                if (u == units - 1)
                {
                    ua |= Vector512.Create(bitLength);
                    ub |= Vector512.Create(bitLength);
                }
                var sa = Avx512BW.Shuffle(ua.AsByte(), swap).AsUInt32();
                var sb = Avx512BW.Shuffle(ub.AsByte(), swap).AsUInt32();
                w[2 * k] = Avx512F.PermuteVar16x32x2(sa, lowWords, sb);
                w[2 * k + 1] = Avx512F.PermuteVar16x32x2(sa, highWords, sb);
            }
            Compress(state, w);
        }
        var out32 = stackalloc uint[128];
        for (int i = 0; i < 8; i++) Avx512BW.Shuffle(state[i].AsByte(), swap).AsUInt32().Store(out32 + 16 * i);
        for (int l = 0; l < 16; l++)
        {
            var d = (uint*)(digests + 32 * l * digestStride);
            for (int i = 0; i < 8; i++) d[i] = out32[16 * i + l];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Xor3(Vector512<uint> a, Vector512<uint> b, Vector512<uint> c) => Avx512F.TernaryLogic(a, b, c, 0x96);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compress(Vector512<uint>* state, Vector512<uint>* w)
    {
        var a = state[0];
        var b = state[1];
        var c = state[2];
        var d = state[3];
        var e = state[4];
        var f = state[5];
        var g = state[6];
        var h = state[7];
        fixed (uint* k = K)
        {
            for (int t = 0; t < 64; t++)
            {
                Vector512<uint> wt;
                if (t < 16)
                {
                    wt = w[t];
                }
                else
                {
                    var w15 = w[(t - 15) & 15];
                    var w2 = w[(t - 2) & 15];
                    var s0 = Xor3(Avx512F.RotateRight(w15, 7), Avx512F.RotateRight(w15, 18), w15 >> 3);
                    var s1 = Xor3(Avx512F.RotateRight(w2, 17), Avx512F.RotateRight(w2, 19), w2 >> 10);
                    wt = w[t & 15] + s0 + w[(t - 7) & 15] + s1;
                    w[t & 15] = wt;
                }
                var s1e = Xor3(Avx512F.RotateRight(e, 6), Avx512F.RotateRight(e, 11), Avx512F.RotateRight(e, 25));
                var ch = Avx512F.TernaryLogic(e, f, g, 0xCA);
                var t1 = h + s1e + ch + Vector512.Create(k[t]) + wt;
                var s0a = Xor3(Avx512F.RotateRight(a, 2), Avx512F.RotateRight(a, 13), Avx512F.RotateRight(a, 22));
                var maj = Avx512F.TernaryLogic(a, b, c, 0xE8);
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + s0a + maj;
            }
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}

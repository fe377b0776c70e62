using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Wsc.Chain.Crypto;

/// <summary>
/// Eight Keccak-f[1600] permutations at once with AVX-512 (native 64-bit rotates): state lane i of instance k is
/// element k of vector i. The round function is the same as <see cref="KeccakF1600"/>'s, on vectors. Storage's
/// KeccakX8 keeps its own copy of the rounds for its one case (eight 64-byte Merkle pairs, padding folded into the
/// initial state): calling this permutation from there measured 20 % slower (569 against 472 ns per eight hashes).
/// </summary>
public static class KeccakF1600x8
{
    /// <summary>True when AVX-512F runs in hardware.</summary>
    public static bool IsSupported => Avx512F.IsSupported && BitConverter.IsLittleEndian;

    /// <summary>Applies the permutation to eight interleaved states (25 vectors) in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Permute(Span<Vector512<ulong>> state)
    {
        if (!IsSupported || state.Length < 25)
        {
            throw new ArgumentException($"8-way Keccak-f needs AVX-512F and 25 state vectors, got {state.Length}");
        }
        var a00 = state[0]; var a01 = state[1]; var a02 = state[2]; var a03 = state[3]; var a04 = state[4];
        var a05 = state[5]; var a06 = state[6]; var a07 = state[7]; var a08 = state[8]; var a09 = state[9];
        var a10 = state[10]; var a11 = state[11]; var a12 = state[12]; var a13 = state[13]; var a14 = state[14];
        var a15 = state[15]; var a16 = state[16]; var a17 = state[17]; var a18 = state[18]; var a19 = state[19];
        var a20 = state[20]; var a21 = state[21]; var a22 = state[22]; var a23 = state[23]; var a24 = state[24];
        var rc = KeccakF1600.RoundConstants;
        for (var round = 0; round < 24; round++)
        {
            var c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
            var c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
            var c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
            var c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
            var c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
            var d0 = c4 ^ Avx512F.RotateLeft(c1, 1);
            var d1 = c0 ^ Avx512F.RotateLeft(c2, 1);
            var d2 = c1 ^ Avx512F.RotateLeft(c3, 1);
            var d3 = c2 ^ Avx512F.RotateLeft(c4, 1);
            var d4 = c3 ^ Avx512F.RotateLeft(c0, 1);
            var b00 = a00 ^ d0;
            var b16 = Avx512F.RotateLeft(a05 ^ d0, 36);
            var b07 = Avx512F.RotateLeft(a10 ^ d0, 3);
            var b23 = Avx512F.RotateLeft(a15 ^ d0, 41);
            var b14 = Avx512F.RotateLeft(a20 ^ d0, 18);
            var b10 = Avx512F.RotateLeft(a01 ^ d1, 1);
            var b01 = Avx512F.RotateLeft(a06 ^ d1, 44);
            var b17 = Avx512F.RotateLeft(a11 ^ d1, 10);
            var b08 = Avx512F.RotateLeft(a16 ^ d1, 45);
            var b24 = Avx512F.RotateLeft(a21 ^ d1, 2);
            var b20 = Avx512F.RotateLeft(a02 ^ d2, 62);
            var b11 = Avx512F.RotateLeft(a07 ^ d2, 6);
            var b02 = Avx512F.RotateLeft(a12 ^ d2, 43);
            var b18 = Avx512F.RotateLeft(a17 ^ d2, 15);
            var b09 = Avx512F.RotateLeft(a22 ^ d2, 61);
            var b05 = Avx512F.RotateLeft(a03 ^ d3, 28);
            var b21 = Avx512F.RotateLeft(a08 ^ d3, 55);
            var b12 = Avx512F.RotateLeft(a13 ^ d3, 25);
            var b03 = Avx512F.RotateLeft(a18 ^ d3, 21);
            var b19 = Avx512F.RotateLeft(a23 ^ d3, 56);
            var b15 = Avx512F.RotateLeft(a04 ^ d4, 27);
            var b06 = Avx512F.RotateLeft(a09 ^ d4, 20);
            var b22 = Avx512F.RotateLeft(a14 ^ d4, 39);
            var b13 = Avx512F.RotateLeft(a19 ^ d4, 8);
            var b04 = Avx512F.RotateLeft(a24 ^ d4, 14);
            a00 = b00 ^ Vector512.AndNot(b02, b01);
            a01 = b01 ^ Vector512.AndNot(b03, b02);
            a02 = b02 ^ Vector512.AndNot(b04, b03);
            a03 = b03 ^ Vector512.AndNot(b00, b04);
            a04 = b04 ^ Vector512.AndNot(b01, b00);
            a05 = b05 ^ Vector512.AndNot(b07, b06);
            a06 = b06 ^ Vector512.AndNot(b08, b07);
            a07 = b07 ^ Vector512.AndNot(b09, b08);
            a08 = b08 ^ Vector512.AndNot(b05, b09);
            a09 = b09 ^ Vector512.AndNot(b06, b05);
            a10 = b10 ^ Vector512.AndNot(b12, b11);
            a11 = b11 ^ Vector512.AndNot(b13, b12);
            a12 = b12 ^ Vector512.AndNot(b14, b13);
            a13 = b13 ^ Vector512.AndNot(b10, b14);
            a14 = b14 ^ Vector512.AndNot(b11, b10);
            a15 = b15 ^ Vector512.AndNot(b17, b16);
            a16 = b16 ^ Vector512.AndNot(b18, b17);
            a17 = b17 ^ Vector512.AndNot(b19, b18);
            a18 = b18 ^ Vector512.AndNot(b15, b19);
            a19 = b19 ^ Vector512.AndNot(b16, b15);
            a20 = b20 ^ Vector512.AndNot(b22, b21);
            a21 = b21 ^ Vector512.AndNot(b23, b22);
            a22 = b22 ^ Vector512.AndNot(b24, b23);
            a23 = b23 ^ Vector512.AndNot(b20, b24);
            a24 = b24 ^ Vector512.AndNot(b21, b20);
            a00 ^= Vector512.Create(rc[round]);
        }
        state[0] = a00; state[1] = a01; state[2] = a02; state[3] = a03; state[4] = a04;
        state[5] = a05; state[6] = a06; state[7] = a07; state[8] = a08; state[9] = a09;
        state[10] = a10; state[11] = a11; state[12] = a12; state[13] = a13; state[14] = a14;
        state[15] = a15; state[16] = a16; state[17] = a17; state[18] = a18; state[19] = a19;
        state[20] = a20; state[21] = a21; state[22] = a22; state[23] = a23; state[24] = a24;
    }
}

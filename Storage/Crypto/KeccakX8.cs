using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Wsc.Storage.Crypto;

/// <summary>
/// Eight Merkle nodes at once with AVX-512 (native 64-bit rotates): keccak256 of eight 64-byte inputs, one vector
/// lane per input. Used before <see cref="KeccakX4"/> where the CPU has AVX-512F.
/// </summary>
public static class KeccakX8
{
    /// <summary>True when AVX-512F runs in hardware.</summary>
    public static bool IsSupported => Avx512F.IsSupported && BitConverter.IsLittleEndian;

    /// <summary>output[32k..] = keccak256(input[64k..64k+64]) for k = 0..7; reads all input first, so it may run in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HashPairs(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (!IsSupported || input.Length < 512 || output.Length < 256)
        {
            throw new ArgumentException($"8-way keccak needs AVX-512F, 512 input and 256 output bytes, got {input.Length} and {output.Length}");
        }
        var u = MemoryMarshal.Cast<byte, ulong>(input[..512]);
        var a00 = Vector512.Create(u[0], u[8], u[16], u[24], u[32], u[40], u[48], u[56]);
        var a01 = Vector512.Create(u[1], u[9], u[17], u[25], u[33], u[41], u[49], u[57]);
        var a02 = Vector512.Create(u[2], u[10], u[18], u[26], u[34], u[42], u[50], u[58]);
        var a03 = Vector512.Create(u[3], u[11], u[19], u[27], u[35], u[43], u[51], u[59]);
        var a04 = Vector512.Create(u[4], u[12], u[20], u[28], u[36], u[44], u[52], u[60]);
        var a05 = Vector512.Create(u[5], u[13], u[21], u[29], u[37], u[45], u[53], u[61]);
        var a06 = Vector512.Create(u[6], u[14], u[22], u[30], u[38], u[46], u[54], u[62]);
        var a07 = Vector512.Create(u[7], u[15], u[23], u[31], u[39], u[47], u[55], u[63]);
        var a08 = Vector512.Create(1UL);
        var a16 = Vector512.Create(0x8000000000000000UL);
        Vector512<ulong> a09 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
        Vector512<ulong> a17 = default, a18 = default, a19 = default, a20 = default, a21 = default, a22 = default, a23 = default, a24 = default;
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
            a00 ^= Vector512.Create(Wsc.Chain.Crypto.KeccakF1600.RoundConstants[round]);
        }
        for (var k = 0; k < 8; k++)
        {
            var o = output.Slice(k * 32, 32);
            BinaryPrimitives.WriteUInt64LittleEndian(o, a00.GetElement(k));
            BinaryPrimitives.WriteUInt64LittleEndian(o[8..], a01.GetElement(k));
            BinaryPrimitives.WriteUInt64LittleEndian(o[16..], a02.GetElement(k));
            BinaryPrimitives.WriteUInt64LittleEndian(o[24..], a03.GetElement(k));
        }
    }
}

using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wsc.Storage.Crypto;

/// <summary>
/// Four Merkle nodes at once: keccak256 of four 64-byte inputs with the permutation on 256-bit vectors (one lane per
/// input), so AVX2 hashes a tree level about four times faster than one node at a time.
/// </summary>
public static class KeccakX4
{
    /// <summary>True when the vector path runs in hardware (otherwise callers hash one node at a time).</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated && BitConverter.IsLittleEndian;

    /// <summary>
    /// output[32k..32k+32] = keccak256(input[64k..64k+64]) for k = 0..3. Every input is read before any output is
    /// written, so output may overlap the start of input (halving a tree level in place).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HashPairs(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length < 256 || output.Length < 128)
        {
            throw new ArgumentException($"4-way keccak needs 256 input and 128 output bytes, got {input.Length} and {output.Length}");
        }
        var u = MemoryMarshal.Cast<byte, ulong>(input[..256]);
        var a00 = Vector256.Create(u[0], u[8], u[16], u[24]);
        var a01 = Vector256.Create(u[1], u[9], u[17], u[25]);
        var a02 = Vector256.Create(u[2], u[10], u[18], u[26]);
        var a03 = Vector256.Create(u[3], u[11], u[19], u[27]);
        var a04 = Vector256.Create(u[4], u[12], u[20], u[28]);
        var a05 = Vector256.Create(u[5], u[13], u[21], u[29]);
        var a06 = Vector256.Create(u[6], u[14], u[22], u[30]);
        var a07 = Vector256.Create(u[7], u[15], u[23], u[31]);
        var a08 = Vector256.Create(1UL);
        var a16 = Vector256.Create(0x8000000000000000UL);
        Vector256<ulong> a09 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
        Vector256<ulong> a17 = default, a18 = default, a19 = default, a20 = default, a21 = default, a22 = default, a23 = default, a24 = default;
        for (var round = 0; round < 24; round++)
        {
            var c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
            var c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
            var c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
            var c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
            var c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
            var d0 = c4 ^ Rol(c1, 1);
            var d1 = c0 ^ Rol(c2, 1);
            var d2 = c1 ^ Rol(c3, 1);
            var d3 = c2 ^ Rol(c4, 1);
            var d4 = c3 ^ Rol(c0, 1);
            var b00 = a00 ^ d0;
            var b16 = Rol(a05 ^ d0, 36);
            var b07 = Rol(a10 ^ d0, 3);
            var b23 = Rol(a15 ^ d0, 41);
            var b14 = Rol(a20 ^ d0, 18);
            var b10 = Rol(a01 ^ d1, 1);
            var b01 = Rol(a06 ^ d1, 44);
            var b17 = Rol(a11 ^ d1, 10);
            var b08 = Rol(a16 ^ d1, 45);
            var b24 = Rol(a21 ^ d1, 2);
            var b20 = Rol(a02 ^ d2, 62);
            var b11 = Rol(a07 ^ d2, 6);
            var b02 = Rol(a12 ^ d2, 43);
            var b18 = Rol(a17 ^ d2, 15);
            var b09 = Rol(a22 ^ d2, 61);
            var b05 = Rol(a03 ^ d3, 28);
            var b21 = Rol(a08 ^ d3, 55);
            var b12 = Rol(a13 ^ d3, 25);
            var b03 = Rol(a18 ^ d3, 21);
            var b19 = Rol(a23 ^ d3, 56);
            var b15 = Rol(a04 ^ d4, 27);
            var b06 = Rol(a09 ^ d4, 20);
            var b22 = Rol(a14 ^ d4, 39);
            var b13 = Rol(a19 ^ d4, 8);
            var b04 = Rol(a24 ^ d4, 14);
            a00 = b00 ^ Vector256.AndNot(b02, b01);
            a01 = b01 ^ Vector256.AndNot(b03, b02);
            a02 = b02 ^ Vector256.AndNot(b04, b03);
            a03 = b03 ^ Vector256.AndNot(b00, b04);
            a04 = b04 ^ Vector256.AndNot(b01, b00);
            a05 = b05 ^ Vector256.AndNot(b07, b06);
            a06 = b06 ^ Vector256.AndNot(b08, b07);
            a07 = b07 ^ Vector256.AndNot(b09, b08);
            a08 = b08 ^ Vector256.AndNot(b05, b09);
            a09 = b09 ^ Vector256.AndNot(b06, b05);
            a10 = b10 ^ Vector256.AndNot(b12, b11);
            a11 = b11 ^ Vector256.AndNot(b13, b12);
            a12 = b12 ^ Vector256.AndNot(b14, b13);
            a13 = b13 ^ Vector256.AndNot(b10, b14);
            a14 = b14 ^ Vector256.AndNot(b11, b10);
            a15 = b15 ^ Vector256.AndNot(b17, b16);
            a16 = b16 ^ Vector256.AndNot(b18, b17);
            a17 = b17 ^ Vector256.AndNot(b19, b18);
            a18 = b18 ^ Vector256.AndNot(b15, b19);
            a19 = b19 ^ Vector256.AndNot(b16, b15);
            a20 = b20 ^ Vector256.AndNot(b22, b21);
            a21 = b21 ^ Vector256.AndNot(b23, b22);
            a22 = b22 ^ Vector256.AndNot(b24, b23);
            a23 = b23 ^ Vector256.AndNot(b20, b24);
            a24 = b24 ^ Vector256.AndNot(b21, b20);
            a00 ^= Vector256.Create(Wsc.Chain.Crypto.KeccakF1600.RoundConstants[round]);
        }
        for (var k = 0; k < 4; k++)
        {
            var o = output.Slice(k * 32, 32);
            BinaryPrimitives.WriteUInt64LittleEndian(o, a00.GetElement(k));
            BinaryPrimitives.WriteUInt64LittleEndian(o[8..], a01.GetElement(k));
            BinaryPrimitives.WriteUInt64LittleEndian(o[16..], a02.GetElement(k));
            BinaryPrimitives.WriteUInt64LittleEndian(o[24..], a03.GetElement(k));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Rol(Vector256<ulong> x, int n) =>
        Vector256.ShiftLeft(x, n) | Vector256.ShiftRightLogical(x, 64 - n);
}

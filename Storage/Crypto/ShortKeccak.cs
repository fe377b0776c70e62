using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Wsc.Storage.Crypto;

/// <summary>
/// Keccak-256 of inputs shorter than one 136-byte block (Merkle nodes, seeds, keys) with an unrolled permutation on
/// locals: the Merkle tree hashes 4095 such inputs per 128 KiB blob, several times faster than the general digest.
/// The result equals `Wsc.Chain.Crypto.Keccak.Hash` (tests compare them).
/// </summary>
public static class ShortKeccak
{
    /// <summary>Longest input one block can take (rate 136 bytes minus the padding byte).</summary>
    public const int MaxInput = 135;

    private static readonly ulong[] RoundConstants =
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808AUL, 0x8000000080008000UL,
        0x000000000000808BUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008AUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000AUL,
        0x000000008000808BUL, 0x800000000000008BUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800AUL, 0x800000008000000AUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    /// <summary>keccak256(<paramref name="data"/>) into 32 bytes of <paramref name="destination"/>; data at most 135 bytes.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (data.Length > MaxInput)
        {
            throw new ArgumentException($"short keccak of {data.Length} bytes: expected at most {MaxInput}", nameof(data));
        }
        Span<byte> block = stackalloc byte[136];
        block.Clear();
        data.CopyTo(block);
        block[data.Length] ^= 0x01;
        block[135] ^= 0x80;
        Span<ulong> lanes = stackalloc ulong[17];
        for (var i = 0; i < 17; i++)
        {
            lanes[i] = BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
        }
        Permute(lanes, destination);
    }

    /// <summary>keccak256(<paramref name="left"/> ‖ <paramref name="right"/>) for two 32-byte halves (a Merkle node).</summary>
    public static void HashPair(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<ulong> lanes = stackalloc ulong[17];
        lanes[0] = BinaryPrimitives.ReadUInt64LittleEndian(left);
        lanes[1] = BinaryPrimitives.ReadUInt64LittleEndian(left[8..]);
        lanes[2] = BinaryPrimitives.ReadUInt64LittleEndian(left[16..]);
        lanes[3] = BinaryPrimitives.ReadUInt64LittleEndian(left[24..]);
        lanes[4] = BinaryPrimitives.ReadUInt64LittleEndian(right);
        lanes[5] = BinaryPrimitives.ReadUInt64LittleEndian(right[8..]);
        lanes[6] = BinaryPrimitives.ReadUInt64LittleEndian(right[16..]);
        lanes[7] = BinaryPrimitives.ReadUInt64LittleEndian(right[24..]);
        lanes[8] = 0x01;
        lanes[9] = lanes[10] = lanes[11] = lanes[12] = lanes[13] = lanes[14] = lanes[15] = 0;
        lanes[16] = 0x8000000000000000UL;
        Permute(lanes, destination);
    }

    // Full optimisation from the first call: tier-0 code of this unrolled body is many times slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Permute(ReadOnlySpan<ulong> input, Span<byte> destination)
    {
        ulong a00, a01, a02, a03, a04;
        ulong a05, a06, a07, a08, a09;
        ulong a10, a11, a12, a13, a14;
        ulong a15, a16, a17, a18, a19;
        ulong a20, a21, a22, a23, a24;
        a00 = input[0]; a01 = input[1]; a02 = input[2]; a03 = input[3]; a04 = input[4];
        a05 = input[5]; a06 = input[6]; a07 = input[7]; a08 = input[8]; a09 = input[9];
        a10 = input[10]; a11 = input[11]; a12 = input[12]; a13 = input[13]; a14 = input[14];
        a15 = input[15]; a16 = input[16];
        a17 = a18 = a19 = a20 = a21 = a22 = a23 = a24 = 0;
        for (var round = 0; round < 24; round++)
        {
            var c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
            var c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
            var c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
            var c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
            var c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
            var d0 = c4 ^ BitOperations.RotateLeft(c1, 1);
            var d1 = c0 ^ BitOperations.RotateLeft(c2, 1);
            var d2 = c1 ^ BitOperations.RotateLeft(c3, 1);
            var d3 = c2 ^ BitOperations.RotateLeft(c4, 1);
            var d4 = c3 ^ BitOperations.RotateLeft(c0, 1);
            var b00 = (a00 ^ d0);
            var b16 = BitOperations.RotateLeft((a05 ^ d0), 36);
            var b07 = BitOperations.RotateLeft((a10 ^ d0), 3);
            var b23 = BitOperations.RotateLeft((a15 ^ d0), 41);
            var b14 = BitOperations.RotateLeft((a20 ^ d0), 18);
            var b10 = BitOperations.RotateLeft((a01 ^ d1), 1);
            var b01 = BitOperations.RotateLeft((a06 ^ d1), 44);
            var b17 = BitOperations.RotateLeft((a11 ^ d1), 10);
            var b08 = BitOperations.RotateLeft((a16 ^ d1), 45);
            var b24 = BitOperations.RotateLeft((a21 ^ d1), 2);
            var b20 = BitOperations.RotateLeft((a02 ^ d2), 62);
            var b11 = BitOperations.RotateLeft((a07 ^ d2), 6);
            var b02 = BitOperations.RotateLeft((a12 ^ d2), 43);
            var b18 = BitOperations.RotateLeft((a17 ^ d2), 15);
            var b09 = BitOperations.RotateLeft((a22 ^ d2), 61);
            var b05 = BitOperations.RotateLeft((a03 ^ d3), 28);
            var b21 = BitOperations.RotateLeft((a08 ^ d3), 55);
            var b12 = BitOperations.RotateLeft((a13 ^ d3), 25);
            var b03 = BitOperations.RotateLeft((a18 ^ d3), 21);
            var b19 = BitOperations.RotateLeft((a23 ^ d3), 56);
            var b15 = BitOperations.RotateLeft((a04 ^ d4), 27);
            var b06 = BitOperations.RotateLeft((a09 ^ d4), 20);
            var b22 = BitOperations.RotateLeft((a14 ^ d4), 39);
            var b13 = BitOperations.RotateLeft((a19 ^ d4), 8);
            var b04 = BitOperations.RotateLeft((a24 ^ d4), 14);
            a00 = b00 ^ (~b01 & b02);
            a01 = b01 ^ (~b02 & b03);
            a02 = b02 ^ (~b03 & b04);
            a03 = b03 ^ (~b04 & b00);
            a04 = b04 ^ (~b00 & b01);
            a05 = b05 ^ (~b06 & b07);
            a06 = b06 ^ (~b07 & b08);
            a07 = b07 ^ (~b08 & b09);
            a08 = b08 ^ (~b09 & b05);
            a09 = b09 ^ (~b05 & b06);
            a10 = b10 ^ (~b11 & b12);
            a11 = b11 ^ (~b12 & b13);
            a12 = b12 ^ (~b13 & b14);
            a13 = b13 ^ (~b14 & b10);
            a14 = b14 ^ (~b10 & b11);
            a15 = b15 ^ (~b16 & b17);
            a16 = b16 ^ (~b17 & b18);
            a17 = b17 ^ (~b18 & b19);
            a18 = b18 ^ (~b19 & b15);
            a19 = b19 ^ (~b15 & b16);
            a20 = b20 ^ (~b21 & b22);
            a21 = b21 ^ (~b22 & b23);
            a22 = b22 ^ (~b23 & b24);
            a23 = b23 ^ (~b24 & b20);
            a24 = b24 ^ (~b20 & b21);
            a00 ^= RoundConstants[round];
        }
        BinaryPrimitives.WriteUInt64LittleEndian(destination, a00);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], a01);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], a02);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], a03);
    }
}

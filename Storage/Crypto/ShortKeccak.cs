using System.Buffers.Binary;

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

    private static void Permute(ReadOnlySpan<ulong> input, Span<byte> destination)
    {
        Span<ulong> state = stackalloc ulong[25];
        input.CopyTo(state);
        state[input.Length..].Clear();
        Wsc.Chain.Crypto.KeccakF1600.Permute(state);
        BinaryPrimitives.WriteUInt64LittleEndian(destination, state[0]);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], state[1]);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], state[2]);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], state[3]);
    }
}

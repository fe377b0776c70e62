using System.Buffers.Binary;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// Keccak-f[1600] round by round, with the intermediate states the permutation AIR stores (theta's column parities C
/// and C', the state A' after theta, A'' after rho/pi/chi). Lanes are indexed x + 5y, bit z of a lane is its z-th
/// least significant bit, as in FIPS 202 (state byte 8·lane + j holds bits 8j..8j+7 of the lane).
/// </summary>
public static class KeccakRound
{
    public const int Rounds = 24;

    /// <summary>The iota round constants.</summary>
    public static readonly ulong[] RoundConstants =
    [
        0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000, 0x000000000000808b, 0x0000000080000001,
        0x8000000080008081, 0x8000000000008009, 0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
        0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003, 0x8000000000008002, 0x8000000000000080,
        0x000000000000800a, 0x800000008000000a, 0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
    ];

    /// <summary>The rho rotation of lane (x, y), indexed [x, y].</summary>
    public static readonly int[,] Rho =
    {
        { 0, 36, 3, 41, 18 }, { 1, 44, 10, 45, 2 }, { 62, 6, 43, 15, 61 }, { 28, 55, 25, 21, 56 }, { 27, 20, 39, 8, 14 },
    };

    /// <summary>The intermediate values of one round applied to `a` (25 lanes).</summary>
    public readonly record struct Intermediates(ulong[] C, ulong[] CPrime, ulong[] APrime, ulong[] APrimePrime, ulong[] Output);

    public static Intermediates Round(ReadOnlySpan<ulong> a, int round)
    {
        var c = new ulong[5];
        for (int x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        var d = new ulong[5];
        for (int x = 0; x < 5; x++) d[x] = c[(x + 4) % 5] ^ ulong.RotateLeft(c[(x + 1) % 5], 1);
        var cPrime = new ulong[5];
        for (int x = 0; x < 5; x++) cPrime[x] = c[x] ^ d[x];
        var aPrime = new ulong[25];
        for (int i = 0; i < 25; i++) aPrime[i] = a[i] ^ d[i % 5];
        var b = new ulong[25];
        for (int x = 0; x < 5; x++)
        {
            for (int y = 0; y < 5; y++) b[y + 5 * ((2 * x + 3 * y) % 5)] = ulong.RotateLeft(aPrime[x + 5 * y], Rho[x, y]);
        }
        var aPP = new ulong[25];
        for (int x = 0; x < 5; x++)
        {
            for (int y = 0; y < 5; y++) aPP[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
        }
        var output = (ulong[])aPP.Clone();
        output[0] ^= RoundConstants[round];
        return new Intermediates(c, cPrime, aPrime, aPP, output);
    }

    /// <summary>Keccak-f[1600] of the state in place.</summary>
    public static void Permute(Span<ulong> state)
    {
        for (int r = 0; r < Rounds; r++) Round(state, r).Output.CopyTo(state);
    }

    /// <summary>Keccak-256 (original Keccak padding 0x01 … 0x80, not SHA-3's 0x06) of `data`.</summary>
    public static byte[] Keccak256(ReadOnlySpan<byte> data)
    {
        var state = new ulong[25];
        foreach (var block in Blocks(data))
        {
            for (int i = 0; i < KeccakSpongeTable.RateLanes; i++) state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(8 * i));
            Permute(state);
        }
        var digest = new byte[32];
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteUInt64LittleEndian(digest.AsSpan(8 * i), state[i]);
        return digest;
    }

    /// <summary>The padded rate blocks of `data`: at least one, the last ending in the 0x01 … 0x80 padding.</summary>
    public static List<byte[]> Blocks(ReadOnlySpan<byte> data)
    {
        const int rate = KeccakSpongeTable.RateBytes;
        int count = data.Length / rate + 1;
        var blocks = new List<byte[]>(count);
        for (int k = 0; k < count; k++)
        {
            var block = new byte[rate];
            int from = k * rate, n = Math.Min(rate, data.Length - from);
            data.Slice(from, n).CopyTo(block);
            if (k == count - 1)
            {
                block[n] ^= 0x01;
                block[rate - 1] ^= 0x80;
            }
            blocks.Add(block);
        }
        return blocks;
    }
}

using System.Buffers.Binary;
using System.Runtime.Intrinsics;

namespace Wsc.Chain.Crypto;

/// <summary>
/// Keccak-256 of many messages at once: messages with the same number of sponge blocks go through
/// <see cref="KeccakF1600x8"/> eight at a time (one per vector lane) where the CPU has AVX-512F; the rest, and every
/// message on other CPUs, through <see cref="Keccak"/> one by one. Results are identical to <see cref="Keccak.Hash(ReadOnlySpan{byte})"/>.
/// </summary>
public static class KeccakMany
{
    private const int Rate = Keccak.Rate;
    private const int Lanes = 8;

    /// <summary>True when the eight-lane path is used.</summary>
    public static bool IsVectorized => KeccakF1600x8.IsSupported;

    /// <summary>outputs[i] = keccak256(inputs[i]) for every input.</summary>
    public static void Hash(IReadOnlyList<byte[]> inputs, Span<Hash32> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (outputs.Length < inputs.Count)
        {
            throw new ArgumentException($"{inputs.Count} inputs but room for {outputs.Length} hashes", nameof(outputs));
        }
        var n = inputs.Count;
        if (!IsVectorized || n < 3)
        {
            for (var i = 0; i < n; i++)
            {
                outputs[i] = Keccak.Hash(inputs[i] ?? throw new ArgumentException($"input {i} is null", nameof(inputs)));
            }
            return;
        }
        // Group by sponge blocks, so every lane of a pass absorbs the same number of blocks.
        var order = new int[n];
        var blocks = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            blocks[i] = ((inputs[i] ?? throw new ArgumentException($"input {i} is null", nameof(inputs))).Length / Rate) + 1;
        }
        Array.Sort(blocks, order);
        var batch = new byte[Lanes][];
        Span<Hash32> hashes = stackalloc Hash32[Lanes];
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end < n && end - start < Lanes && blocks[end] == blocks[start])
            {
                end++;
            }
            if (end - start < 3)
            {
                // Too few to fill a pass usefully.
                for (var i = start; i < end; i++)
                {
                    outputs[order[i]] = Keccak.Hash(inputs[order[i]]);
                }
            }
            else
            {
                for (var k = 0; k < Lanes; k++)
                {
                    // Spare lanes repeat the first message; their results are dropped.
                    batch[k] = inputs[order[start + (k < end - start ? k : 0)]];
                }
                HashEight(batch, blocks[start], hashes);
                for (var k = 0; k < end - start; k++)
                {
                    outputs[order[start + k]] = hashes[k];
                }
            }
            start = end;
        }
    }

    /// <summary>Eight messages of <paramref name="blocks"/> sponge blocks each, one per lane.</summary>
    private static void HashEight(byte[][] messages, int blocks, Span<Hash32> outputs)
    {
        Span<Vector512<ulong>> state = stackalloc Vector512<ulong>[25];
        state.Clear();
        // Each message's last block with Keccak's padding (0x01 ... 0x80).
        Span<byte> tails = stackalloc byte[Lanes * Rate];
        tails.Clear();
        for (var k = 0; k < Lanes; k++)
        {
            var rest = messages[k].AsSpan((blocks - 1) * Rate);
            var tail = tails.Slice(k * Rate, Rate);
            rest.CopyTo(tail);
            tail[rest.Length] ^= 0x01;
            tail[Rate - 1] ^= 0x80;
        }
        Span<ulong> words = stackalloc ulong[Lanes];
        for (var b = 0; b < blocks; b++)
        {
            var last = b == blocks - 1;
            for (var i = 0; i < Rate / 8; i++)
            {
                for (var k = 0; k < Lanes; k++)
                {
                    var source = last ? tails.Slice((k * Rate) + (i * 8), 8) : messages[k].AsSpan((b * Rate) + (i * 8), 8);
                    words[k] = BinaryPrimitives.ReadUInt64LittleEndian(source);
                }
                state[i] ^= Vector512.Create<ulong>(words);
            }
            KeccakF1600x8.Permute(state);
        }
        Span<byte> digest = stackalloc byte[32];
        for (var k = 0; k < Lanes; k++)
        {
            for (var i = 0; i < 4; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(digest[(i * 8)..], state[i].GetElement(k));
            }
            outputs[k] = new Hash32(digest);
        }
    }
}

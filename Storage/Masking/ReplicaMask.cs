using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Avx512BW = System.Runtime.Intrinsics.X86.Avx512BW;
using System.Security.Cryptography;
using Wsc.Storage.Crypto;

namespace Wsc.Storage.Masking;

/// <summary>
/// Makes each replica a distinct physical copy: replica r of a blob on shard s is the blob XOR a keystream
/// AES-256-CTR(key = keccak("wsc-storage-mask" || root || uint32be(s) || uint32be(r)), counter from 0).
/// </summary>
/// <remarks>
/// The key comes from keccak as the design asks; the stream itself is AES-CTR because AES-NI makes it nearly free,
/// where a keccak-per-cell stream would double the cost of every put. Anyone can unmask (the key is public): the mask
/// separates replicas, it does not hide data or prove the slow-encoding replication that full PoRep schemes give.
/// </remarks>
public static class ReplicaMask
{
    private static readonly byte[] Domain = "wsc-storage-mask"u8.ToArray();

    /// <summary>The 32-byte AES key for (root, shard, replica).</summary>
    public static void Key(ReadOnlySpan<byte> root, int shard, int replica, Span<byte> key)
    {
        Span<byte> input = stackalloc byte[16 + 32 + 8];
        Domain.CopyTo(input);
        root.CopyTo(input[16..]);
        BinaryPrimitives.WriteUInt32BigEndian(input[48..], (uint)shard);
        BinaryPrimitives.WriteUInt32BigEndian(input[52..], (uint)replica);
        StorageKeccak.Hash(input, key);
    }

    /// <summary>XORs <paramref name="data"/> in place with the keystream from byte offset <paramref name="offset"/> (a multiple of 16).</summary>
    public static void Apply(ReadOnlySpan<byte> root, int shard, int replica, Span<byte> data, long offset = 0)
    {
        if (offset % 16 != 0)
        {
            throw new ArgumentException($"mask offset {offset}: expected a multiple of 16", nameof(offset));
        }
        if (data.IsEmpty)
        {
            return;
        }
        Span<byte> key = stackalloc byte[32];
        Key(root, shard, replica, key);
        var blocks = (data.Length + 15) / 16;
        var stream = ArrayPool<byte>.Shared.Rent(blocks * 16);
        try
        {
            var counters = stream.AsSpan(0, blocks * 16);
            WriteCounters(counters, (ulong)(offset / 16));
            using (var aes = Aes.Create())
            {
                aes.Key = key.ToArray();
                aes.EncryptEcb(counters, counters, PaddingMode.None);
            }
            Xor(data, counters[..data.Length]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(stream);
        }
    }

    /// <summary>
    /// <paramref name="destination"/> = <paramref name="source"/> XOR the keystream from byte <paramref name="offset"/>
    /// (a multiple of 16): masks or unmasks a copy without first copying the source (a put masks each replica straight
    /// from the blob). The spans must have the same length; if they overlap they must be the same span.
    /// </summary>
    public static void Apply(ReadOnlySpan<byte> root, int shard, int replica, ReadOnlySpan<byte> source, Span<byte> destination, long offset = 0)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException($"mask of {source.Length} bytes into {destination.Length}: expected equal lengths", nameof(destination));
        }
        if (source.Overlaps(destination))
        {
            if (!Unsafe.AreSame(ref MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(destination)))
            {
                throw new ArgumentException("mask source and destination overlap partially: expected the same span or disjoint spans", nameof(destination));
            }
            Apply(root, shard, replica, destination, offset);
            return;
        }
        if (offset % 16 != 0)
        {
            throw new ArgumentException($"mask offset {offset}: expected a multiple of 16", nameof(offset));
        }
        if (source.IsEmpty)
        {
            return;
        }
        Span<byte> key = stackalloc byte[32];
        Key(root, shard, replica, key);
        // The keystream is built in the destination itself (counters, then AES in place), then the source is XORed in.
        var blocks = (source.Length + 15) / 16;
        var full = source.Length / 16;
        Span<byte> tail = stackalloc byte[16];
        var firstBlock = (ulong)(offset / 16);
        WriteCounters(destination[..(full * 16)], firstBlock);
        if (blocks > full)
        {
            WriteCounters(tail, firstBlock + (ulong)full);
        }
        using (var aes = Aes.Create())
        {
            aes.Key = key.ToArray();
            aes.EncryptEcb(destination[..(full * 16)], destination[..(full * 16)], PaddingMode.None);
            if (blocks > full)
            {
                aes.EncryptEcb(tail, tail, PaddingMode.None);
                tail[..(source.Length - (full * 16))].CopyTo(destination[(full * 16)..]);
            }
        }
        Xor(destination, source);
    }

    private static void WriteCounters(Span<byte> counters, ulong firstBlock)
    {
        // Counter block b is 16 bytes: eight zero bytes, then uint64be(firstBlock + b). Written four blocks per
        // 512-bit store where the CPU has it: counters in the odd lanes, byte-swapped per lane with one shuffle.
        var words = MemoryMarshal.Cast<byte, ulong>(counters);
        var blocks = counters.Length / 16;
        var b = 0;
        if (Vector512.IsHardwareAccelerated && Avx512BW.IsSupported && BitConverter.IsLittleEndian)
        {
            var lanes = MemoryMarshal.Cast<byte, Vector512<ulong>>(counters);
            var step = Vector512.Create(0UL, 4, 0, 4, 0, 4, 0, 4);
            var counter = Vector512.Create(0UL, firstBlock, 0, firstBlock + 1, 0, firstBlock + 2, 0, firstBlock + 3);
            var swap = Vector512.Create(
                (byte)7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8,
                7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
            for (var v = 0; v < lanes.Length; v++)
            {
                lanes[v] = Avx512BW.Shuffle(counter.AsByte(), swap).AsUInt64();
                counter += step;
            }
            b = lanes.Length * 4;
        }
        for (; b < blocks; b++)
        {
            var c = firstBlock + (ulong)b;
            words[2 * b] = 0;
            words[(2 * b) + 1] = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(c) : c;
        }
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> stream)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated && data.Length >= 64)
        {
            var dv = MemoryMarshal.Cast<byte, Vector512<byte>>(data);
            var sv = MemoryMarshal.Cast<byte, Vector512<byte>>(stream);
            for (var v = 0; v < dv.Length; v++)
            {
                dv[v] ^= sv[v];
            }
            i = dv.Length * 64;
        }
        else if (Vector.IsHardwareAccelerated && data.Length >= Vector<byte>.Count)
        {
            var dv = MemoryMarshal.Cast<byte, Vector<byte>>(data);
            var sv = MemoryMarshal.Cast<byte, Vector<byte>>(stream);
            for (var v = 0; v < dv.Length; v++)
            {
                dv[v] ^= sv[v];
            }
            i = dv.Length * Vector<byte>.Count;
        }
        for (; i < data.Length; i++)
        {
            data[i] ^= stream[i];
        }
    }
}

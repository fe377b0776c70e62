using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Wsc.Zk.Field;

namespace Wsc.Zk.Crypto;

/// <summary>A SHA-256 Fiat-Shamir transcript: absorbing chains the state, challenges are hashed from state and a counter.</summary>
public sealed class Transcript
{
    private readonly byte[] _state = new byte[32];
    private ulong _counter;

    public Transcript(string domain)
    {
        Sha256.Hash(System.Text.Encoding.UTF8.GetBytes("wsc-stark-transcript/" + domain), _state);
    }

    /// <summary>The current 32-byte state (a copy).</summary>
    public byte[] State => (byte[])_state.Clone();

    public void Absorb(ReadOnlySpan<byte> data)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(_state);
        h.AppendData(data);
        h.GetHashAndReset(_state);
        _counter = 0;
    }

    public void AbsorbU64(ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        Absorb(b);
    }

    public void AbsorbElements(ReadOnlySpan<ulong> values) => Absorb(MemoryMarshal.AsBytes(values));

    public void AbsorbExt(ReadOnlySpan<Ext3> values) => Absorb(MemoryMarshal.AsBytes(values));

    private ulong DrawU64()
    {
        Span<byte> input = stackalloc byte[41];
        _state.CopyTo(input);
        input[32] = 0xC5; // separates draws from absorbs, which never hash exactly 41 bytes after the state by this path
        BinaryPrimitives.WriteUInt64LittleEndian(input[33..], _counter++);
        Span<byte> output = stackalloc byte[32];
        Sha256.Hash(input, output);
        return BinaryPrimitives.ReadUInt64LittleEndian(output);
    }

    /// <summary>A uniform base field element (rejection sampling, no modular bias).</summary>
    public ulong DrawBase()
    {
        while (true)
        {
            ulong v = DrawU64();
            if (v < Goldilocks.P) return v;
        }
    }

    public Ext3 DrawExt() => new(DrawBase(), DrawBase(), DrawBase());

    /// <summary>`count` positions in [0, domainSize) (a power of two), sorted and de-duplicated.</summary>
    public int[] DrawPositions(int count, int domainSize)
    {
        var set = new SortedSet<int>();
        for (int i = 0; i < count; i++) set.Add((int)(DrawU64() & (ulong)(domainSize - 1)));
        return [.. set];
    }

    /// <summary>True when SHA-256(state ‖ nonce) starts with at least `bits` zero bits.</summary>
    public bool CheckProofOfWork(ulong nonce, int bits) => PowLeadingZeros(_state, nonce) >= bits;

    /// <summary>Finds the smallest nonce meeting the proof-of-work target, searching on all cores.</summary>
    public ulong Grind(int bits)
    {
        if (bits == 0) return 0;
        var state = State;
        int workers = Math.Max(1, Environment.ProcessorCount);
        ulong best = ulong.MaxValue;
        const ulong Chunk = 4096;
        ulong next = 0;
        Parallel.For(0, workers, _ =>
        {
            while (true)
            {
                ulong start = Interlocked.Add(ref next, Chunk) - Chunk;
                if (start >= Volatile.Read(ref best)) return;
                for (ulong n = start; n < start + Chunk; n++)
                {
                    if (PowLeadingZeros(state, n) >= bits)
                    {
                        ulong seen;
                        do { seen = Volatile.Read(ref best); }
                        while (n < seen && Interlocked.CompareExchange(ref best, n, seen) != seen);
                        return;
                    }
                }
            }
        });
        return best;
    }

    private static int PowLeadingZeros(ReadOnlySpan<byte> state, ulong nonce)
    {
        Span<byte> input = stackalloc byte[41];
        state.CopyTo(input);
        input[32] = 0x50;
        BinaryPrimitives.WriteUInt64LittleEndian(input[33..], nonce);
        Span<byte> output = stackalloc byte[32];
        Sha256.Hash(input, output);
        return BitOperations.LeadingZeroCount(BinaryPrimitives.ReadUInt64BigEndian(output));
    }
}

using System.Buffers.Binary;

namespace Wsc.Chain.Crypto;

/// <summary>Keccak-256 as Ethereum uses it (the original padding, not NIST SHA3-256).</summary>
public static class Keccak
{
    /// <summary>keccak256("") — the hash of empty input.</summary>
    public static readonly Hash32 EmptyHash = Hash32.Parse("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");

    /// <summary>keccak256(RLP([])) — the empty uncle list hash.</summary>
    public static readonly Hash32 EmptyListHash = Hash32.Parse("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");

    /// <summary>The sponge rate of Keccak-256 in bytes.</summary>
    public const int Rate = 136;

    /// <summary>Hashes the bytes.</summary>
    public static Hash32 Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> output = stackalloc byte[32];
        Hash(data, output);
        return new Hash32(output);
    }

    /// <summary>Hashes the bytes into a 32-byte destination (one-shot sponge on <see cref="KeccakF1600"/>).</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < 32)
        {
            throw new ArgumentException($"keccak destination of {destination.Length} bytes: expected at least 32", nameof(destination));
        }
        Span<ulong> state = stackalloc ulong[25];
        state.Clear();
        while (data.Length >= Rate)
        {
            Absorb(state, data[..Rate]);
            KeccakF1600.Permute(state);
            data = data[Rate..];
        }
        // Last block: the remaining bytes, then Keccak's original padding 0x01 ... 0x80 (not SHA-3's 0x06).
        Span<byte> last = stackalloc byte[Rate];
        last.Clear();
        data.CopyTo(last);
        last[data.Length] ^= 0x01;
        last[Rate - 1] ^= 0x80;
        Absorb(state, last);
        KeccakF1600.Permute(state);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(i * 8)..], state[i]);
        }
    }

    private static void Absorb(Span<ulong> state, ReadOnlySpan<byte> block)
    {
        for (var i = 0; i < Rate / 8; i++)
        {
            state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
        }
    }

    /// <summary>Hashes the UTF-8 bytes of a string (function and event signatures).</summary>
    public static Hash32 Hash(string text) => Hash(System.Text.Encoding.UTF8.GetBytes(text));
}

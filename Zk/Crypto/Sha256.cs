using System.Runtime.InteropServices;

namespace Wsc.Zk.Crypto;

/// <summary>
/// Standard SHA-256. On Linux it calls OpenSSL's low-level SHA256_Init/Update/Final (SHA-NI accelerated) directly:
/// the BCL's one-shot HashData pays ~450 ns of EVP setup per call, which dominates Merkle trees of 64-byte nodes
/// (measured in docs/stark.md). Elsewhere, or if the symbols are missing, it is the BCL's SHA256.HashData; both give
/// identical digests.
/// Tagged hashing (Merkle leaves and nodes) pads the message itself and hands OpenSSL whole blocks in one
/// SHA256_Update call on a context whose buffer is empty, then reads the chaining words: one native call and no
/// buffering instead of Init, Update, Update, Final (a 65-byte node: 92 → 52 ns of SHA-256 in C, docs/stark.md).
/// </summary>
public static unsafe class Sha256
{
    private const int ContextBytes = 256; // SHA256_CTX is 112 bytes; room to spare

    private static readonly delegate* unmanaged<byte*, int> Init;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> Update;
    private static readonly delegate* unmanaged<byte*, byte*, int> Final;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> UpdateShort;

    /// <summary>SHA256_CTX (public struct of openssl/sha.h): h[8], Nl, Nh, data[16], num, md_len — 112 bytes.</summary>
    private const int ContextSize = 112;

    /// <summary>Offset of `num` (bytes buffered) in SHA256_CTX; it must be 0 for whole blocks to go straight through.</summary>
    private const int NumOffset = 104;

    /// <summary>Tagged messages up to this many bytes take the padded single-call path (at most 65 blocks, ~2 µs native).</summary>
    private const int PaddedLimit = 4096;

    private static readonly byte[] InitialContext = new byte[ContextSize];

    /// <summary>True when tagged hashing pads itself (native SHA-256, and the self-test agreed with the BCL).</summary>
    public static bool IsPadded { get; }

    /// <summary>True when the native OpenSSL path is in use.</summary>
    public static bool IsNative { get; }

    static Sha256()
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var name in new[] { "libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so" })
        {
            if (!NativeLibrary.TryLoad(name, out var lib)) continue;
            if (NativeLibrary.TryGetExport(lib, "SHA256_Init", out var i) &&
                NativeLibrary.TryGetExport(lib, "SHA256_Update", out var u) &&
                NativeLibrary.TryGetExport(lib, "SHA256_Final", out var f))
            {
                Init = (delegate* unmanaged<byte*, int>)i;
                Update = (delegate* unmanaged<byte*, byte*, nuint, int>)u;
                Final = (delegate* unmanaged<byte*, byte*, int>)f;
                IsNative = SelfTest();
                if (!IsNative) return;
                UpdateShort = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)u;
                fixed (byte* c = InitialContext) Init(c);
                IsPadded = BitConverter.IsLittleEndian && BitConverter.ToInt32(InitialContext, NumOffset) == 0 && PaddedSelfTest();
                return;
            }
        }
    }

    private static bool SelfTest()
    {
        Span<byte> a = stackalloc byte[32];
        NativeHash("abc"u8, a);
        Span<byte> b = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData("abc"u8, b);
        return a.SequenceEqual(b);
    }

    private static bool PaddedSelfTest()
    {
        var rng = new Random(11);
        Span<byte> a = stackalloc byte[32];
        foreach (int len in new[] { 0, 1, 54, 55, 56, 62, 63, 64, 65, 119, 120, 127, 128, 800, 801, PaddedLimit - 10, PaddedLimit - 9 })
        {
            var data = new byte[len];
            rng.NextBytes(data);
            PaddedTagged(7, data, a);
            if (!a.SequenceEqual(System.Security.Cryptography.SHA256.HashData([7, .. data]))) return false;
        }
        return true;
    }

    /// <summary>SHA-256 of `data` into the 32-byte `digest`.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (IsNative) NativeHash(data, digest);
        else System.Security.Cryptography.SHA256.HashData(data, digest);
    }

    /// <summary>SHA-256 of the tag byte followed by `data` (domain-separated hashing without copying `data`).</summary>
    public static void HashTagged(byte tag, ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (!IsNative)
        {
            using var h = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            h.AppendData([tag]);
            h.AppendData(data);
            h.GetHashAndReset(digest);
            return;
        }
        if (IsPadded && data.Length <= PaddedLimit - 9)
        {
            PaddedTagged(tag, data, digest);
            return;
        }
        byte* ctx = stackalloc byte[ContextBytes];
        fixed (byte* d = data)
        fixed (byte* o = digest)
        {
            Init(ctx);
            Update(ctx, &tag, 1);
            Update(ctx, d, (nuint)data.Length);
            Final(o, ctx);
        }
    }

    /// <summary>tag ‖ data, padded here (0x80, zeros, bit length) into whole blocks and compressed in one call.</summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    private static void PaddedTagged(byte tag, ReadOnlySpan<byte> data, Span<byte> digest)
    {
        int length = 1 + data.Length;
        int padded = (length + 9 + 63) & ~63;
        // Every byte of both buffers is written below, so they skip zero-initialisation.
        byte* block = stackalloc byte[padded];
        byte* ctx = stackalloc byte[ContextSize];
        block[0] = tag;
        data.CopyTo(new Span<byte>(block + 1, data.Length));
        new Span<byte>(block + length, padded - length).Clear();
        block[length] = 0x80;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(new Span<byte>(block + padded - 8, 8), (ulong)length * 8);
        InitialContext.AsSpan().CopyTo(new Span<byte>(ctx, ContextSize));
        UpdateShort(ctx, block, (nuint)padded);
        // h[0..7] are native-endian words; the digest is their big-endian bytes.
        var h = new ReadOnlySpan<uint>(ctx, 8);
        for (int i = 0; i < 8; i++) System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(digest.Slice(4 * i, 4), h[i]);
    }

    private static void NativeHash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        byte* ctx = stackalloc byte[ContextBytes];
        fixed (byte* d = data)
        fixed (byte* o = digest)
        {
            Init(ctx);
            Update(ctx, d, (nuint)data.Length);
            Final(o, ctx);
        }
    }
}

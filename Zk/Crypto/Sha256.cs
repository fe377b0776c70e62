using System.Runtime.InteropServices;

namespace Wsc.Zk.Crypto;

/// <summary>
/// Standard SHA-256. On Linux it calls OpenSSL's low-level SHA256_Init/Update/Final (SHA-NI accelerated) directly:
/// the BCL's one-shot HashData pays ~450 ns of EVP setup per call, which dominates Merkle trees of 64-byte nodes
/// (measured in docs/stark.md). Elsewhere, or if the symbols are missing, it is the BCL's SHA256.HashData; both give
/// identical digests. It serves the transcript and the AIR digest; Merkle trees use keyed BLAKE3 (<see cref="MerkleHash"/>).
/// </summary>
public static unsafe class Sha256
{
    private const int ContextBytes = 256; // SHA256_CTX is 112 bytes; room to spare

    private static readonly delegate* unmanaged<byte*, int> Init;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> Update;
    private static readonly delegate* unmanaged<byte*, byte*, int> Final;

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

    /// <summary>SHA-256 of `data` into the 32-byte `digest`.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (IsNative) NativeHash(data, digest);
        else System.Security.Cryptography.SHA256.HashData(data, digest);
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

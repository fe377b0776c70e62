using System.Buffers.Binary;
using System.Security.Cryptography;
using Wsc.Storage.Blobs;

namespace Wsc.Storage.Tags;

/// <summary>
/// Read-side authentication of stored blobs with a key the silos hold and PostgreSQL never sees: a 16-byte GMAC tag
/// of the plain blob under a per-blob key, so a get checks 128 KiB in ~15 µs instead of rebuilding the keccak tree
/// (~250 µs). A wrong or missing tag only means "check the Merkle root instead"; it never makes bad bytes pass.
/// </summary>
/// <remarks>
/// tag = AES-256-GCM(key = HMAC-SHA256(secret, "wsc-blob-tag-v1" ‖ root ‖ uint32be(length)), nonce = 0¹²,
/// plaintext = empty, associated data = blob).16 bytes. Each derived key tags one message only: the tagger is given
/// bytes already checked against their root, and the root fixes the bytes, so the fixed nonce is never reused for
/// different data (GMAC's requirement). The derivation binds root and length, so a tag moved to another root or a
/// changed length fails. Someone with write access to the database can change bytes, tags and index rows, but without
/// the secret cannot make a tag that verifies.
/// </remarks>
public sealed class BlobTagger
{
    /// <summary>Tag size in bytes.</summary>
    public const int TagBytes = 16;

    /// <summary>Secret size in bytes.</summary>
    public const int SecretBytes = 32;

    private static readonly byte[] Domain = "wsc-blob-tag-v1"u8.ToArray();
    private readonly byte[] _secret;

    /// <summary>A tagger keyed by <paramref name="secret"/> (32 bytes; every silo of a cluster needs the same one).</summary>
    public BlobTagger(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != SecretBytes)
        {
            throw new ArgumentException($"blob tag secret of {secret.Length} bytes: expected {SecretBytes}", nameof(secret));
        }
        _secret = secret.ToArray();
    }

    /// <summary>A tagger with a fresh random secret: tags verify only inside this process (others fall back to roots).</summary>
    public static BlobTagger WithRandomSecret() => new(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>Writes the tag of <paramref name="blob"/>, whose bytes the caller has checked hash to <paramref name="root"/>.</summary>
    public void Tag(ReadOnlySpan<byte> root, ReadOnlySpan<byte> blob, Span<byte> tag)
    {
        if (root.Length != 32 || tag.Length != TagBytes)
        {
            throw new ArgumentException($"blob tag with a {root.Length}-byte root into {tag.Length} bytes: expected 32 and {TagBytes}");
        }
        BlobLayout.CheckBlobLength(blob.Length);
        Span<byte> key = stackalloc byte[32];
        DeriveKey(root, blob.Length, key);
        using var gcm = new AesGcm(key, TagBytes);
        Span<byte> nonce = stackalloc byte[12];
        nonce.Clear();
        gcm.Encrypt(nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, blob);
    }

    /// <summary>The tag as a fresh array.</summary>
    public byte[] Tag(ReadOnlySpan<byte> root, ReadOnlySpan<byte> blob)
    {
        var tag = new byte[TagBytes];
        Tag(root, blob, tag);
        return tag;
    }

    /// <summary>True when <paramref name="tag"/> is this secret's tag of <paramref name="blob"/> under <paramref name="root"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> root, ReadOnlySpan<byte> blob, ReadOnlySpan<byte> tag)
    {
        if (root.Length != 32 || tag.Length != TagBytes || blob.Length > BlobLayout.MaxBlobBytes)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[TagBytes];
        Tag(root, blob, expected);
        return CryptographicOperations.FixedTimeEquals(expected, tag);
    }

    private void DeriveKey(ReadOnlySpan<byte> root, int length, Span<byte> key)
    {
        Span<byte> info = stackalloc byte[15 + 32 + 4];
        Domain.CopyTo(info);
        root.CopyTo(info[15..]);
        BinaryPrimitives.WriteUInt32BigEndian(info[47..], (uint)length);
        HMACSHA256.HashData(_secret, info, key);
    }
}

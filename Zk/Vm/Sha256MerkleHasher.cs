using System.Security.Cryptography;

namespace Wsc.Zk.Vm;

/// <summary>SHA-256 from the BCL: the image-id hash until the STARK engine settles its Merkle hash.</summary>
public sealed class Sha256MerkleHasher : IMerkleHasher
{
    /// <summary>The shared instance (stateless).</summary>
    public static Sha256MerkleHasher Instance { get; } = new();

    public string Name => "sha256";

    public void Hash(ReadOnlySpan<byte> data, Span<byte> digest) => SHA256.HashData(data, digest);
}

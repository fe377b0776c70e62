using System.Numerics;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rlp;

namespace Wsc.Chain.Trie;

/// <summary>One storage slot of an EIP-1186 proof: slot key, claimed value and the storage-trie proof.</summary>
public sealed record StorageProof(BigInteger Key, BigInteger Value, IReadOnlyList<byte[]> Proof)
{
    /// <summary>The slot key as the 32-byte word the trie hashes.</summary>
    public byte[] KeyWord
    {
        get
        {
            var w = new byte[32];
            Key.TryWriteBytes(w.AsSpan(32 - Key.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
            return w;
        }
    }

    /// <summary>Checks the claimed value against <paramref name="storageRoot"/>; zero means the slot must be absent.</summary>
    public void Verify(Hash32 storageRoot)
    {
        var leaf = MerkleProof.Verify(storageRoot, Keccak.Hash(KeyWord).Span, Proof);
        BigInteger proven;
        if (leaf is null)
        {
            proven = BigInteger.Zero;
        }
        else
        {
            try
            {
                var r = new RlpReader(leaf);
                proven = r.ReadBigInteger();
                r.EnsureEnd("storage value");
            }
            catch (RlpException ex)
            {
                throw new InvalidProofException($"storage slot {Hex.Quantity(Key)} value is not an RLP integer: {ex.Message}", ex);
            }
            if (proven.IsZero)
            {
                throw new InvalidProofException($"storage slot {Hex.Quantity(Key)} stores an explicit zero, which the trie never holds");
            }
        }
        if (proven != Value)
        {
            throw new InvalidProofException($"storage slot {Hex.Quantity(Key)} is reported as {Value} but the proof holds {proven}");
        }
    }
}

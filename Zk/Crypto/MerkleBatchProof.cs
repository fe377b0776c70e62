using System.Security.Cryptography;

namespace Wsc.Zk.Crypto;

/// <summary>Checks a batched Merkle opening of several leaves against a root; never throws on bad input.</summary>
public static class MerkleBatchProof
{
    /// <summary>True when the leaf digests at the sorted, distinct indexes hash up to `root` using exactly the given siblings.</summary>
    public static bool Verify(ReadOnlySpan<byte> root, int depth, ReadOnlySpan<int> sortedLeaves, ReadOnlySpan<byte> leafDigests, ReadOnlySpan<byte> siblings)
    {
        const int D = MerkleTree.DigestSize;
        if (root.Length != D || sortedLeaves.Length == 0 || leafDigests.Length != sortedLeaves.Length * D) return false;
        if (siblings.Length % D != 0 || depth < 0 || depth > 30) return false;
        int leafCount = 1 << depth;
        var ids = new int[sortedLeaves.Length];
        var hashes = leafDigests.ToArray();
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)sortedLeaves[i] >= (uint)leafCount || (i > 0 && sortedLeaves[i] <= sortedLeaves[i - 1])) return false;
            ids[i] = leafCount + sortedLeaves[i];
        }
        int count = ids.Length, used = 0;
        Span<byte> pair = stackalloc byte[2 * D];
        for (int level = 0; level < depth; level++)
        {
            int outCount = 0;
            for (int k = 0; k < count; k++)
            {
                int id = ids[k];
                if ((id & 1) == 0 && k + 1 < count && ids[k + 1] == id + 1)
                {
                    hashes.AsSpan(k * D, D).CopyTo(pair);
                    hashes.AsSpan((k + 1) * D, D).CopyTo(pair[D..]);
                    k++;
                }
                else
                {
                    if (used + D > siblings.Length) return false;
                    var sib = siblings.Slice(used, D);
                    used += D;
                    if ((id & 1) == 0)
                    {
                        hashes.AsSpan(k * D, D).CopyTo(pair);
                        sib.CopyTo(pair[D..]);
                    }
                    else
                    {
                        sib.CopyTo(pair);
                        hashes.AsSpan(k * D, D).CopyTo(pair[D..]);
                    }
                }
                MerkleHash.Node(pair, hashes.AsSpan(outCount * D, D));
                ids[outCount++] = id >> 1;
            }
            count = outCount;
        }
        return used == siblings.Length && count == 1 && ids[0] == 1 && hashes.AsSpan(0, D).SequenceEqual(root);
    }
}

using Wsc.Chain.Crypto;
using Wsc.Chain.Rlp;

namespace Wsc.Chain.Trie;

/// <summary>Verifies Merkle-Patricia inclusion and exclusion proofs (lists of RLP nodes from the root down).</summary>
public static class MerkleProof
{
    /// <summary>
    /// Walks <paramref name="key"/> from <paramref name="root"/> through the proof nodes. Returns the value, or null when
    /// the proof shows the key is absent; throws <see cref="InvalidProofException"/> if the nodes do not connect.
    /// </summary>
    public static byte[]? Verify(Hash32 root, ReadOnlySpan<byte> key, IReadOnlyList<byte[]> proof)
    {
        var nodes = new Dictionary<Hash32, byte[]>();
        foreach (var node in proof)
        {
            nodes[Keccak.Hash(node)] = node;
        }
        if (root == MerklePatriciaTrie.EmptyRoot && !nodes.ContainsKey(root))
        {
            return null;
        }
        ReadOnlySpan<byte> path = Nibbles.FromBytes(key);
        var encoded = nodes.TryGetValue(root, out var r) ? r : throw new InvalidProofException($"proof has no node hashing to root {root}");
        for (var depth = 0; depth < 200; depth++)
        {
            RlpItem node;
            try
            {
                node = RlpItem.Decode(encoded);
            }
            catch (RlpException ex)
            {
                throw new InvalidProofException($"proof node at depth {depth} is not valid RLP: {ex.Message}", ex);
            }
            if (!node.IsList)
            {
                throw new InvalidProofException($"proof node at depth {depth} is not a list");
            }
            RlpItem next;
            if (node.Items.Count == 17)
            {
                if (path.IsEmpty)
                {
                    return NullIfEmpty(node.Items[16], depth);
                }
                next = node.Items[path[0]];
                path = path[1..];
            }
            else if (node.Items.Count == 2)
            {
                if (node.Items[0].IsList)
                {
                    throw new InvalidProofException($"proof node at depth {depth} has a list where its path belongs");
                }
                (byte[] nodePath, bool leaf) decoded;
                try
                {
                    decoded = Nibbles.DecodeCompact(node.Items[0].Bytes);
                }
                catch (FormatException ex)
                {
                    throw new InvalidProofException($"proof node at depth {depth}: {ex.Message}", ex);
                }
                if (decoded.leaf)
                {
                    return path.SequenceEqual(decoded.nodePath) ? NullIfEmpty(node.Items[1], depth) : null;
                }
                if (!path.StartsWith(decoded.nodePath))
                {
                    return null;
                }
                path = path[decoded.nodePath.Length..];
                next = node.Items[1];
            }
            else
            {
                throw new InvalidProofException($"proof node at depth {depth} has {node.Items.Count} items; expected 2 or 17");
            }

            if (next.IsList)
            {
                // Nodes shorter than 32 bytes are embedded in their parent rather than hashed.
                encoded = next.Encode();
                if (encoded.Length >= 32)
                {
                    throw new InvalidProofException($"embedded node at depth {depth + 1} is {encoded.Length} bytes; only nodes under 32 bytes are inlined");
                }
                continue;
            }
            if (next.Bytes.Length == 0)
            {
                return null;
            }
            if (next.Bytes.Length != 32)
            {
                throw new InvalidProofException($"child reference at depth {depth} has {next.Bytes.Length} bytes; expected a 32-byte hash");
            }
            var h = new Hash32(next.Bytes);
            encoded = nodes.TryGetValue(h, out var n) ? n : throw new InvalidProofException($"proof lacks the node {h} at depth {depth + 1}");
        }
        throw new InvalidProofException("proof is deeper than any 32-byte key allows");
    }

    private static byte[]? NullIfEmpty(RlpItem value, int depth)
    {
        if (value.IsList)
        {
            throw new InvalidProofException($"value at depth {depth} is a list; expected a byte string");
        }
        return value.Bytes.Length == 0 ? null : value.Bytes;
    }
}

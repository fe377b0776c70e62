namespace Wsc.Zk.Tests.Graph;

/// <summary>Builds a Merkle-Patricia trie in memory and returns its root and the proof (root first) for one key.</summary>
internal static class TestTrie
{
    public static (byte[] Root, List<byte[]> Proof) Build(IEnumerable<(byte[] Key, byte[] Value)> items, byte[] target)
    {
        var entries = items.Select(i => (Nibbles(i.Key), i.Value)).ToList();
        var proof = new List<byte[]?>();
        var root = Node(entries, 0, Nibbles(target), proof, true);
        // Nodes shorter than 32 bytes are embedded in their parent, so only the root and hashed nodes are proof entries.
        var list = proof.Select((p, i) => (p!, i)).Where(x => x.i == 0 || x.Item1.Length >= 32).Select(x => x.Item1).ToList();
        return (Examples.Keccak(root), list);
    }

    private static byte[] Nibbles(byte[] key) => [.. key.SelectMany(b => new[] { (byte)(b >> 4), (byte)(b & 15) })];

    private static byte[] Node(List<(byte[] K, byte[] V)> e, int d, byte[] target, List<byte[]?> proof, bool onPath)
    {
        var slot = -1;
        if (onPath) { slot = proof.Count; proof.Add(null); }
        byte[] enc;
        if (e.Count == 1)
        {
            enc = Rlp.List(Rlp.Str(HexPrefix(e[0].K[d..], true)), Rlp.Str(e[0].V));
        }
        else
        {
            var common = 0;
            while (e.All(x => x.K.Length > d + common && x.K[d + common] == e[0].K[d + common])) common++;
            if (common > 0)
            {
                var child = Node(e, d + common, target, proof, onPath);
                enc = Rlp.List(Rlp.Str(HexPrefix(e[0].K[d..(d + common)], false)), Ref(child));
            }
            else
            {
                var kids = new byte[17][];
                for (var n = 0; n < 16; n++)
                {
                    var group = e.Where(x => x.K.Length > d && x.K[d] == n).ToList();
                    kids[n] = group.Count == 0 ? Rlp.Str([]) : Ref(Node(group, d + 1, target, proof, onPath && target.Length > d && target[d] == n));
                }
                var here = e.Where(x => x.K.Length == d).ToList();
                kids[16] = Rlp.Str(here.Count == 0 ? [] : here[0].V);
                enc = Rlp.List(kids);
            }
        }
        if (slot >= 0) proof[slot] = enc;
        return enc;
    }

    private static byte[] Ref(byte[] child) => child.Length < 32 ? child : Rlp.Str(Examples.Keccak(child));

    private static byte[] HexPrefix(byte[] nibbles, bool leaf)
    {
        var odd = nibbles.Length % 2;
        var flag = (byte)((leaf ? 2 : 0) + odd);
        var all = odd == 1 ? [flag, .. nibbles] : new byte[] { flag, 0 }.Concat(nibbles).ToArray();
        var r = new byte[all.Length / 2];
        for (var i = 0; i < r.Length; i++) r[i] = (byte)((all[2 * i] << 4) | all[2 * i + 1]);
        return r;
    }
}

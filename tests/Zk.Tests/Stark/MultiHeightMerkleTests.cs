using Wsc.Zk.Crypto;

namespace Wsc.Zk.Tests.Stark;

/// <summary>
/// The multi-height Merkle commitment: its root follows the written definition, openings of any position set verify
/// with exactly the siblings the verifier cannot compute, and every kind of tampered opening is refused with a reason.
/// </summary>
public sealed class MultiHeightMerkleTests
{
    private static readonly int[] LogHeights = [8, 5, 2];

    private static ulong[][] Matrix(int rows, int width, int seed) =>
        [.. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, width).Select(c => (ulong)(seed * 1_000_000 + r * 1000 + c)).ToArray())];

    private static MerkleLeaves Leaves(ulong[][] m) => MerkleLeaves.Hash(m.Length, m[0].Length, (start, count, dest) =>
    {
        int w = m[0].Length;
        for (int r = 0; r < count; r++) m[start + r].CopyTo(dest.Slice(r * w, w));
    });

    private static ulong[][][] Matrices() => [.. LogHeights.Select((h, i) => Matrix(1 << h, 3 + i, i + 1))];

    private static MultiHeightMerkleTree Tree(ulong[][][] ms) => MultiHeightMerkleTree.Commit([.. ms.Select(Leaves)]);

    private static byte[] LeafDigest(ulong[] row)
    {
        var d = new byte[32];
        MerkleHash.Leaf(row, d);
        return d;
    }

    /// <summary>Row digests of each matrix at the positions reduced to its height, as the verifier computes them.</summary>
    private static byte[][] Digests(ulong[][][] ms, int[] positions) =>
        [.. ms.Select(m => positions.Select(p => p % m.Length).Distinct().Order().SelectMany(p => LeafDigest(m[p])).ToArray())];

    private static string? Verify(byte[] root, ulong[][][] ms, int[] positions, byte[] siblings) =>
        MultiHeightMerkleProof.Verify(root, LogHeights, positions, Digests(ms, positions), siblings);

    /// <summary>The definition, written recursively: node (level k, j) = H(1 ‖ (k−1, j) ‖ (k−1, j + half)), joined by H(2 ‖ node ‖ leaf).</summary>
    private static byte[] Reference(ulong[][][] ms)
    {
        int depth = LogHeights[0];
        byte[] NodeAt(int k, int j)
        {
            if (k == 0) return LeafDigest(ms[0][j]);
            int half = 1 << (depth - k);
            var children = NodeAt(k - 1, j).Concat(NodeAt(k - 1, j + half)).ToArray();
            var node = new byte[32];
            MerkleHash.Node(children, node);
            int m = Array.IndexOf(LogHeights, depth - k);
            if (m > 0)
            {
                var joined = new byte[32];
                MerkleHash.Inject(node.Concat(LeafDigest(ms[m][j])).ToArray(), joined);
                node = joined;
            }
            return node;
        }
        return NodeAt(depth, 0);
    }

    [Fact]
    public void The_root_follows_the_definition()
    {
        var ms = Matrices();
        Assert.Equal(Reference(ms), Tree(ms).Root);
    }

    [Fact]
    public void Openings_of_any_position_set_verify_with_only_the_siblings_the_verifier_cannot_compute()
    {
        var ms = Matrices();
        var tree = Tree(ms);
        int[][] sets = [[0], [255], [0, 128], [3, 4, 5, 200], [7, 100, 101, 228, 254, 255], [.. Enumerable.Range(0, 256)]];
        foreach (var positions in sets)
        {
            var siblings = tree.OpenBatch(positions);
            Assert.Null(Verify(tree.Root, ms, positions, siblings));
        }
        // One position: one sibling per level. Positions 0 and 128 are the two children of node 0: one level fewer.
        Assert.Equal(8 * 32, tree.OpenBatch([0]).Length);
        Assert.Equal(7 * 32, tree.OpenBatch([0, 128]).Length);
        Assert.Empty(tree.OpenBatch([.. Enumerable.Range(0, 256)]));
    }

    [Fact]
    public void Shorter_matrices_add_no_sibling_to_an_opening()
    {
        // The shorter matrices' rows join the tallest one's paths: at any positions, the opening of all three needs
        // exactly the siblings of the tallest matrix alone.
        var ms = Matrices();
        var all = Tree(ms);
        var tallOnly = MultiHeightMerkleTree.Commit([Leaves(ms[0])]);
        var rng = new Random(9);
        for (int trial = 0; trial < 20; trial++)
        {
            var positions = rng.GetItems(Enumerable.Range(0, 256).ToArray(), 1 + trial).Distinct().Order().ToArray();
            Assert.Equal(tallOnly.OpenBatch(positions).Length, all.OpenBatch(positions).Length);
        }
    }

    [Fact]
    public void A_random_batch_of_44_queries_on_2_to_the_20_leaves_shares_its_top_levels()
    {
        // One 2^20-leaf matrix (digests only): 44 separate paths would send 44·20 = 880 siblings.
        var leaves = MerkleLeaves.Hash(1 << 20, 1, (start, count, dest) =>
        {
            for (int r = 0; r < count; r++) dest[r] = (ulong)(start + r);
        });
        var tree = MultiHeightMerkleTree.Commit([leaves]);
        var positions = new Random(44).GetItems(Enumerable.Range(0, 1 << 20).ToArray(), 44).Distinct().Order().ToArray();
        var siblings = tree.OpenBatch(positions);
        Assert.True(siblings.Length / 32 < positions.Length * 20 - 100, $"{siblings.Length / 32} siblings");
        var digests = positions.SelectMany(p => leaves[p]).ToArray();
        Assert.Null(MultiHeightMerkleProof.Verify(tree.Root, [20], positions, [digests], siblings));
    }

    [Fact]
    public void A_flipped_sibling_bit_is_rejected()
    {
        var ms = Matrices();
        var tree = Tree(ms);
        int[] positions = [3, 4, 5, 200];
        var siblings = tree.OpenBatch(positions);
        for (int at = 0; at < siblings.Length; at += 37)
        {
            var bad = (byte[])siblings.Clone();
            bad[at] ^= 1;
            Assert.Contains("do not hash to the committed root", Verify(tree.Root, ms, positions, bad));
        }
    }

    [Fact]
    public void A_missing_or_extra_sibling_is_rejected()
    {
        var ms = Matrices();
        var tree = Tree(ms);
        int[] positions = [3, 4, 5, 200];
        var siblings = tree.OpenBatch(positions);
        Assert.Contains("run out", Verify(tree.Root, ms, positions, siblings[..^32]));
        Assert.Contains("left over", Verify(tree.Root, ms, positions, [.. siblings, .. new byte[32]]));
        // Truncated mid-digest.
        Assert.Contains("whole number of digests", Verify(tree.Root, ms, positions, siblings[..^5]));
    }

    [Fact]
    public void A_node_the_verifier_computes_supplied_as_a_sibling_is_rejected()
    {
        // Positions 0 and 128 are node 0's two children: an honest opening sends neither as the other's sibling. A proof
        // that also sends leaf 128's digest at the bottom (as if 128 were not opened) leaves a digest over.
        var ms = Matrices();
        var tree = Tree(ms);
        int[] positions = [0, 128];
        var honest = tree.OpenBatch(positions);
        var single = tree.OpenBatch([0]);
        Assert.Equal(single[32..], honest);
        var padded = single.Take(32).Concat(honest).ToArray(); // leaf 128's digest, then the honest path
        Assert.Equal(LeafDigest(ms[0][128]), padded[..32]);
        Assert.Contains("left over", Verify(tree.Root, ms, positions, padded));
    }

    [Fact]
    public void Wrong_leaf_values_in_any_matrix_are_rejected()
    {
        var ms = Matrices();
        var tree = Tree(ms);
        int[] positions = [3, 4, 5, 200];
        var siblings = tree.OpenBatch(positions);
        for (int m = 0; m < ms.Length; m++)
        {
            var digests = Digests(ms, positions);
            digests[m][0] ^= 0x80;
            Assert.Contains("do not hash to the committed root", MultiHeightMerkleProof.Verify(tree.Root, LogHeights, positions, digests, siblings));
        }
        // A short matrix's rows opened at the wrong positions (a tall matrix's row in place of the short one's).
        var swapped = Digests(ms, positions);
        swapped[2] = LeafDigest(ms[1][positions[0] % 32]).Concat(swapped[2][32..]).ToArray();
        Assert.NotNull(MultiHeightMerkleProof.Verify(tree.Root, LogHeights, positions, swapped, siblings));
    }

    [Fact]
    public void A_wrong_query_index_is_rejected()
    {
        var ms = Matrices();
        var tree = Tree(ms);
        int[] positions = [3, 4, 5, 200];
        var siblings = tree.OpenBatch(positions);
        // The same siblings and rows claimed for other positions.
        var digests = Digests(ms, positions);
        Assert.NotNull(MultiHeightMerkleProof.Verify(tree.Root, LogHeights, [3, 4, 5, 201], digests, siblings));
        Assert.NotNull(MultiHeightMerkleProof.Verify(tree.Root, LogHeights, [3, 4, 6, 200], digests, siblings));
        Assert.Contains("outside", MultiHeightMerkleProof.Verify(tree.Root, LogHeights, [3, 4, 5, 256], digests, siblings));
        Assert.Contains("sorted and distinct", MultiHeightMerkleProof.Verify(tree.Root, LogHeights, [3, 5, 4, 200], digests, siblings));
    }

    [Fact]
    public void A_wrong_shape_is_rejected_without_throwing()
    {
        var ms = Matrices();
        var tree = Tree(ms);
        int[] positions = [3, 4, 5, 200];
        var siblings = tree.OpenBatch(positions);
        var digests = Digests(ms, positions);
        Assert.Contains("matrices opened", MultiHeightMerkleProof.Verify(tree.Root, LogHeights, positions, digests[..2], siblings));
        Assert.Contains("strictly decrease", MultiHeightMerkleProof.Verify(tree.Root, [8, 5, 5], positions, digests, siblings));
        Assert.Contains("row digests", MultiHeightMerkleProof.Verify(tree.Root, LogHeights, positions, [digests[0], digests[1][..32], digests[2]], siblings));
        Assert.Contains("root has", MultiHeightMerkleProof.Verify(tree.Root.AsSpan(0, 31), LogHeights, positions, digests, siblings));
        Assert.Contains("no positions", MultiHeightMerkleProof.Verify(tree.Root, LogHeights, [], digests, siblings));
        Assert.Throws<ArgumentException>(() => MultiHeightMerkleTree.Commit([Leaves(ms[1]), Leaves(ms[0])]));
    }
}

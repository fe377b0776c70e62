using System.Text.Json.Nodes;
using Wsc.Chain.Tests.Fixtures;
using Wsc.Chain.Trie;

namespace Wsc.Chain.Tests.Trie;

public sealed class ProofTests
{
    private static readonly Hash32 StateRoot = RpcFixture.ChainBlocks()[^1].Header.StateRoot;

    private static AccountProof Load(string file, Action<JsonNode>? tamper = null)
    {
        var node = JsonNode.Parse(RpcFixture.Load("eth_getProof", file).Result.GetRawText())!;
        tamper?.Invoke(node);
        return AccountProof.FromJson(System.Text.Json.JsonDocument.Parse(node.ToJsonString()).RootElement);
    }

    [Theory]
    [InlineData("get-account-proof-latest.io")]
    [InlineData("get-account-proof-with-storage.io")]
    [InlineData("get-account-proof-default-block.io")]
    [InlineData("get-account-proof-blockhash.io")]
    public void Fixture_proofs_verify_against_the_head_state_root(string file)
    {
        var proof = Load(file);
        proof.Verify(StateRoot);
        Assert.True(proof.TryVerify(StateRoot, out var reason), reason);
    }

    [Fact]
    public void Storage_proof_proves_the_slot_value()
    {
        var proof = Load("get-account-proof-with-storage.io");
        Assert.Single(proof.StorageProofs);
        Assert.Equal(0x38, (int)proof.StorageProofs[0].Value);
    }

    public static TheoryData<string, string> Tampers => new()
    {
        { "balance", "0x77" },
        { "nonce", "0x1" },
        { "codeHash", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470" },
        { "storageHash", "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421" },
        { "address", "0x7dcd17433742f4c0ca53122ab541d0ba67fc27de" },
        { "slotValue", "0x39" },
        { "slotZero", "0x0" },
        { "slotKey", "0x1" },
        { "proofNode", "" },
        { "dropNode", "" },
    };

    [Theory]
    [MemberData(nameof(Tampers))]
    public void Tampered_proofs_are_refused(string what, string value)
    {
        var proof = Load("get-account-proof-with-storage.io", n =>
        {
            switch (what)
            {
                case "slotValue":
                case "slotZero":
                    n["storageProof"]![0]!["value"] = value;
                    break;
                case "slotKey":
                    n["storageProof"]![0]!["key"] = value;
                    break;
                case "proofNode":
                    var nodes = n["accountProof"]!.AsArray();
                    var s = nodes[1]!.GetValue<string>();
                    nodes[1] = s[..20] + (s[20] == '0' ? '1' : '0') + s[21..];
                    break;
                case "dropNode":
                    n["accountProof"]!.AsArray().RemoveAt(1);
                    break;
                default:
                    n[what] = value;
                    break;
            }
        });
        var ex = Assert.Throws<InvalidProofException>(() => proof.Verify(StateRoot));
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Throws<InvalidProofException>(() => Load("get-account-proof-with-storage.io").Verify(Hash32.Parse("0x" + new string('1', 64))));
    }

    [Fact]
    public void Own_trie_proofs_show_presence_and_absence()
    {
        var trie = new MerklePatriciaTrie();
        var rng = new Random(3);
        var keys = new List<byte[]>();
        for (var i = 0; i < 200; i++)
        {
            var k = new byte[32];
            rng.NextBytes(k);
            keys.Add(k);
            trie.Put(k, [.. k[..(i % 33)], 7]);
        }
        var root = trie.Root;
        for (var i = 0; i < keys.Count; i += 7)
        {
            Assert.Equal(trie.Get(keys[i]), MerkleProof.Verify(root, keys[i], trie.Prove(keys[i])));
        }
        var missing = new byte[32];
        rng.NextBytes(missing);
        Assert.Null(MerkleProof.Verify(root, missing, trie.Prove(missing)));
        // Presenting a member's proof for another key cannot prove the member's value.
        byte[]? borrowed;
        try
        {
            borrowed = MerkleProof.Verify(root, keys[1], trie.Prove(keys[0]));
        }
        catch (InvalidProofException)
        {
            borrowed = null;
        }
        Assert.NotEqual(trie.Get(keys[1]), borrowed);
        Assert.Null(MerkleProof.Verify(MerklePatriciaTrie.EmptyRoot, missing, []));
        Assert.Throws<InvalidProofException>(() => MerkleProof.Verify(root, keys[0], []));
    }
}

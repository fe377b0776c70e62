using System.Text;
using System.Text.Json;
using Wsc.Chain.Crypto;
using Wsc.Chain.Trie;
using Wsc.TestKit;

namespace Wsc.Chain.Tests.Trie;

public sealed class TrieVectorTests
{
    private static JsonDocument Load(string file) => JsonDocument.Parse(File.ReadAllText(Paths.Data("ethereum-tests", "TrieTests", file)));

    private static byte[] Bytes(JsonElement e) => e.ValueKind == JsonValueKind.Null
        ? []
        : e.GetString()!.StartsWith("0x", StringComparison.Ordinal) ? Hex.Decode(e.GetString()!) : Encoding.UTF8.GetBytes(e.GetString()!);

    private static IEnumerable<(byte[] Key, byte[] Value)> Pairs(JsonElement input) => input.ValueKind == JsonValueKind.Array
        ? input.EnumerateArray().Select(p => (Bytes(p[0]), Bytes(p[1])))
        : input.EnumerateObject().Select(p => (Encoding.UTF8.GetBytes(p.Name).AsSpan().StartsWith("0x"u8) ? Hex.Decode(p.Name) : Encoding.UTF8.GetBytes(p.Name), Bytes(p.Value)));

    [Theory]
    [InlineData("trietest.json", false)]
    [InlineData("trieanyorder.json", false)]
    [InlineData("trietest_secureTrie.json", true)]
    [InlineData("trieanyorder_secureTrie.json", true)]
    [InlineData("hex_encoded_securetrie_test.json", true)]
    public void Vector_roots_match(string file, bool secure)
    {
        using var doc = Load(file);
        var n = 0;
        foreach (var test in doc.RootElement.EnumerateObject())
        {
            var trie = new MerklePatriciaTrie();
            var model = new Dictionary<string, byte[]>();
            foreach (var (key, value) in Pairs(test.Value.GetProperty("in")))
            {
                var k = secure ? Keccak.Hash(key).ToArray() : key;
                trie.Put(k, value);
                if (value.Length == 0)
                {
                    model.Remove(Convert.ToHexString(k));
                }
                else
                {
                    model[Convert.ToHexString(k)] = value;
                }
            }
            Assert.True(Hash32.Parse(test.Value.GetProperty("root").GetString()!) == trie.Root, $"{file}/{test.Name}");
            foreach (var (k, v) in model)
            {
                Assert.Equal(v, trie.Get(Convert.FromHexString(k)));
            }
            n++;
        }
        Assert.True(n > 0);
    }

    [Fact]
    public void Deleting_everything_returns_to_the_empty_root_in_any_order()
    {
        var rng = new Random(7);
        var keys = Enumerable.Range(0, 300).Select(i => BitConverter.GetBytes(rng.Next(0, 5000))).Distinct(new BytesComparer()).ToList();
        var trie = new MerklePatriciaTrie();
        foreach (var k in keys)
        {
            trie.Put(k, [.. k, 1]);
        }
        var full = trie.Root;
        var reordered = new MerklePatriciaTrie();
        foreach (var k in keys.OrderBy(_ => rng.Next()))
        {
            reordered.Put(k, [.. k, 1]);
        }
        Assert.Equal(full, reordered.Root);
        foreach (var k in keys.OrderBy(_ => rng.Next()))
        {
            trie.Delete(k);
            Assert.Null(trie.Get(k));
        }
        Assert.Equal(MerklePatriciaTrie.EmptyRoot, trie.Root);
    }

    [Fact]
    public void Secure_trie_hashes_keys()
    {
        var s = new SecureTrie();
        s.Put("dog"u8, "puppy"u8);
        Assert.Equal("puppy"u8.ToArray(), s.Get("dog"u8));
        var plain = new MerklePatriciaTrie();
        plain.Put(Keccak.Hash("dog"u8).ToArray(), "puppy"u8);
        Assert.Equal(plain.Root, s.Root);
        s.Delete("dog"u8);
        Assert.Equal(MerklePatriciaTrie.EmptyRoot, s.Root);
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => BitConverter.ToInt32(obj);
    }
}

using System.Buffers.Binary;
using System.Numerics;
using Org.BouncyCastle.Crypto.Digests;
using Wsc.Zk.Graph;

namespace Wsc.Bench;

/// <summary>Synthetic tick inputs sized so each example runs long enough to time (mirrors tests/Zk.Tests/Graph).</summary>
internal static class ExecutorInputs
{
    private static readonly byte[] Token = Convert.FromHexString("5FbDB2315678afecb367f032d93F642f64180aa3");
    private static readonly byte[] Pool = Convert.FromHexString("e7f1725E7734CE288F8367e1Bb143E90bb3F0512");

    public static IEnumerable<(string Name, byte[] Input)> All()
    {
        var transfer = ZkGraphManifest.Topic("Transfer(address,address,uint256)");
        var logs = Enumerable.Range(0, 2000).Select(i => new TickLog((uint)i, (uint)i, Token, [transfer, new byte[32], new byte[32]], Word(BigInteger.Pow(10, 18) * i))).ToArray();
        yield return ("erc20-volume", (Block() with { Logs = logs }).Encode());

        var sync = ZkGraphManifest.Topic("Sync(uint112,uint112)");
        var e18 = BigInteger.Pow(10, 18);
        var syncs = Enumerable.Range(0, 2000).Select(i => new TickLog((uint)i, (uint)i, Pool, [sync], [.. Word(e18), .. Word((1500 + i) * e18)])).ToArray();
        yield return ("price-threshold", (Block() with { Logs = syncs, Slots = [new TickSlot(Pool, Word(8), Word(e18 | ((1900 * e18) << 112)))] }).Encode());

        var receipts = Enumerable.Range(0, 200).Select(Receipt).ToList();
        var items = receipts.Select((r, i) => (Rlp.Uint((ulong)i), r)).ToList();
        var proofs = new List<TickReceiptProof>();
        byte[] root = [];
        for (var i = 0; i < 200; i += 2)
        {
            var (rt, proof) = Trie.Build(items, Rlp.Uint((ulong)i));
            root = rt;
            proofs.Add(new TickReceiptProof((uint)i, proof));
        }
        yield return ("receipt-proof", (Block() with { ReceiptsRoot = root, ReceiptProofs = proofs }).Encode());

        yield return ("zkml-mlp", (Block() with { Logs = logs[..50], Blobs = [Model(64, 16)] }).Encode());
    }

    private static TickInput Block() => new()
    {
        ChainId = 31337, Number = 1000, Timestamp = 1_700_001_234, GasLimit = 30_000_000, GasUsed = 17_000_000, BaseFeePerGas = Word(12_000_000_000),
    };

    private static byte[] Word(BigInteger v)
    {
        var be = v.ToByteArray(isUnsigned: true, isBigEndian: true);
        var r = new byte[32];
        be.CopyTo(r, 32 - be.Length);
        return r;
    }

    private static byte[] Model(int hidden, int outputs)
    {
        var rng = new Random(7);
        var b = new List<byte>("MLP1"u8.ToArray());
        void I32(int v) { var x = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(x, v); b.AddRange(x); }
        void I16(int v) { var x = new byte[2]; BinaryPrimitives.WriteInt16LittleEndian(x, (short)v); b.AddRange(x); }
        I32(4); I32(hidden); I32(outputs);
        for (var i = 0; i < hidden * 4; i++) I16(rng.Next(-512, 512));
        for (var i = 0; i < hidden; i++) I32(rng.Next(-1024, 1024));
        for (var i = 0; i < outputs * hidden; i++) I16(rng.Next(-512, 512));
        for (var i = 0; i < outputs; i++) I32(rng.Next(-1024, 1024));
        return [.. b];
    }

    private static byte[] Keccak(byte[] data)
    {
        var k = new KeccakDigest(256);
        k.BlockUpdate(data, 0, data.Length);
        var h = new byte[32];
        k.DoFinal(h, 0);
        return h;
    }

    private static byte[] Receipt(int i)
    {
        var transfer = ZkGraphManifest.Topic("Transfer(address,address,uint256)");
        var logs = Enumerable.Range(0, i % 4).Select(j => (Address: Token, Topics: new[] { transfer, Word(i), Word(j) })).ToList();
        var bloom = new byte[256];
        foreach (var x in logs.SelectMany(l => l.Topics.Prepend(l.Address)))
        {
            var h = Keccak(x);
            for (var k = 0; k < 6; k += 2)
            {
                var bit = ((h[k] << 8) | h[k + 1]) & 2047;
                bloom[255 - bit / 8] |= (byte)(1 << (bit % 8));
            }
        }
        return [0x02, .. Rlp.List(Rlp.Uint(1), Rlp.Uint(21000ul * (ulong)(i + 1)), Rlp.Str(bloom),
            Rlp.List([.. logs.Select(l => Rlp.List(Rlp.Str(l.Address), Rlp.List([.. l.Topics.Select(Rlp.Str)]), Rlp.Str(Word(i))))]))];
    }

    private static class Rlp
    {
        public static byte[] Str(byte[] b) => b.Length == 1 && b[0] < 0x80 ? b : [.. Len(b.Length, 0x80), .. b];

        public static byte[] List(params byte[][] items)
        {
            byte[] payload = [.. items.SelectMany(i => i)];
            return [.. Len(payload.Length, 0xc0), .. payload];
        }

        public static byte[] Uint(ulong v) => Str(Trim(v));

        private static byte[] Trim(ulong v)
        {
            var b = new List<byte>();
            for (; v > 0; v >>= 8) b.Insert(0, (byte)v);
            return [.. b];
        }

        private static byte[] Len(int n, int offset) => n < 56 ? [(byte)(offset + n)] : [(byte)(offset + 55 + Trim((ulong)n).Length), .. Trim((ulong)n)];
    }

    private static class Trie
    {
        public static (byte[] Root, List<byte[]> Proof) Build(List<(byte[] Key, byte[] Value)> items, byte[] target)
        {
            var proof = new List<byte[]?>();
            var root = Node(items.Select(i => (Nib(i.Key), i.Value)).ToList(), 0, Nib(target), proof, true);
            return (Keccak(root), proof.Select((p, i) => (p!, i)).Where(x => x.i == 0 || x.Item1.Length >= 32).Select(x => x.Item1).ToList());
        }

        private static byte[] Nib(byte[] key) => [.. key.SelectMany(b => new[] { (byte)(b >> 4), (byte)(b & 15) })];

        private static byte[] Node(List<(byte[] K, byte[] V)> e, int d, byte[] target, List<byte[]?> proof, bool onPath)
        {
            var slot = -1;
            if (onPath) { slot = proof.Count; proof.Add(null); }
            byte[] enc;
            if (e.Count == 1) enc = Rlp.List(Rlp.Str(Hp(e[0].K[d..], true)), Rlp.Str(e[0].V));
            else
            {
                var c = 0;
                while (e.All(x => x.K.Length > d + c && x.K[d + c] == e[0].K[d + c])) c++;
                if (c > 0) enc = Rlp.List(Rlp.Str(Hp(e[0].K[d..(d + c)], false)), Ref(Node(e, d + c, target, proof, onPath)));
                else
                {
                    var kids = new byte[17][];
                    for (var n = 0; n < 16; n++)
                    {
                        var g = e.Where(x => x.K.Length > d && x.K[d] == n).ToList();
                        kids[n] = g.Count == 0 ? Rlp.Str([]) : Ref(Node(g, d + 1, target, proof, onPath && target.Length > d && target[d] == n));
                    }
                    kids[16] = Rlp.Str([]);
                    enc = Rlp.List(kids);
                }
            }
            if (slot >= 0) proof[slot] = enc;
            return enc;
        }

        private static byte[] Ref(byte[] child) => child.Length < 32 ? child : Rlp.Str(Keccak(child));

        private static byte[] Hp(byte[] nib, bool leaf)
        {
            var odd = nib.Length % 2;
            var flag = (byte)((leaf ? 2 : 0) + odd);
            byte[] all = odd == 1 ? [flag, .. nib] : [flag, 0, .. nib];
            var r = new byte[all.Length / 2];
            for (var i = 0; i < r.Length; i++) r[i] = (byte)((all[2 * i] << 4) | all[2 * i + 1]);
            return r;
        }
    }
}

using System.Buffers.Binary;
using System.Numerics;
using Wsc.Chain;
using Wsc.Chain.Rlp;
using Wsc.Chain.Trie;
using Wsc.Chain.Types;
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

        var trie = new MerklePatriciaTrie();
        for (var i = 0; i < 200; i++)
        {
            trie.Put(IndexKey(i), Receipt(i));
        }
        var root = trie.Root.ToArray();
        var proofs = Enumerable.Range(0, 100).Select(k => new TickReceiptProof((uint)(2 * k), [.. trie.Prove(IndexKey(2 * k))])).ToList();
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

    /// <summary>RLP(index), the receipts-trie key.</summary>
    private static byte[] IndexKey(int i)
    {
        var w = new RlpWriter(16);
        w.WriteUInt64((ulong)i);
        return w.ToArray();
    }

    private static byte[] Receipt(int i)
    {
        var transfer = new Hash32(ZkGraphManifest.Topic("Transfer(address,address,uint256)"));
        var logs = Enumerable.Range(0, i % 4).Select(j => new Log
        {
            Address = new Address(Token),
            Topics = [transfer, new Hash32(Word(i)), new Hash32(Word(j))],
            Data = Word(i),
        }).ToList();
        return new Receipt { Type = 2, Status = true, CumulativeGasUsed = 21000ul * (ulong)(i + 1), Bloom = Bloom.FromLogs(logs), Logs = logs }.Encode();
    }
}

using System.Buffers.Binary;
using System.Numerics;
using Wsc.Chain.Rlp;
using Wsc.Chain.Trie;
using Wsc.Zk.Graph;
using ChainAddress = Wsc.Chain.Address;
using ChainBloom = Wsc.Chain.Types.Bloom;
using ChainHash = Wsc.Chain.Hash32;
using ChainLog = Wsc.Chain.Types.Log;
using ChainReceipt = Wsc.Chain.Types.Receipt;
using static Wsc.Zk.Tests.Graph.Examples;

namespace Wsc.Zk.Tests.Graph;

/// <summary>The example zkGraphs, built with clang at -O0 and -O2, produce the expected outputs on hand-made ticks.</summary>
public sealed class ExampleTests
{
    private static readonly byte[] Token = Hex("5FbDB2315678afecb367f032d93F642f64180aa3");
    private static readonly byte[] Pool = Hex("e7f1725E7734CE288F8367e1Bb143E90bb3F0512");
    private static readonly byte[] TransferTopic = ZkGraphManifest.Topic("Transfer(address,address,uint256)");
    private static readonly byte[] SyncTopic = ZkGraphManifest.Topic("Sync(uint112,uint112)");
    private static readonly BigInteger Two256 = BigInteger.One << 256;

    private static TickLog Transfer(uint i, byte[] token, BigInteger amount, int extraTopics = 0) =>
        new(i, i, token, [TransferTopic, AddressTopic(Hex("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266")), AddressTopic(new byte[20]), .. Enumerable.Repeat(Word(amount), extraTopics)],
            extraTopics > 0 ? [] : Word(amount));

    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    public void Erc20VolumeSumsTransfersOfTheToken(string opt)
    {
        var big = (BigInteger.One << 255) + 3;
        var block = Block(77,
            Transfer(0, Token, 1_000_000_000_000_000_000),
            Transfer(1, Token, big),
            Transfer(2, Hex("0000000000000000000000000000000000000001"), 555), // other token
            Transfer(3, Token, 999, extraTopics: 1),                           // ERC-721 shape
            new TickLog(4, 4, Token, [ZkGraphManifest.Topic("Approval(address,address,uint256)")], Word(5)),
            Transfer(5, Token, big));
        var r = Run("erc20-volume", opt, block);
        Assert.True(r.Exited, r.Trap?.Message);
        Assert.Equal(0, r.ExitCode);
        var expected = (1_000_000_000_000_000_000 + 2 * big) % Two256;
        Assert.Equal([.. BE64(77), 0, 0, 0, 3, .. Word(expected)], r.Output);
    }

    [Fact]
    public void Erc20VolumeOfAnEmptyBlockIsZero()
    {
        var r = Run("erc20-volume", "2", Block(5));
        Assert.Equal([.. BE64(5), 0, 0, 0, 0, .. new byte[32]], r.Output);
    }

    private static TickInput PoolBlock(BigInteger r0, BigInteger r1, params (BigInteger R0, BigInteger R1)[] syncs) =>
        Block(900, syncs.Select((s, i) => new TickLog((uint)i, (uint)i, Pool, [SyncTopic], [.. Word(s.R0), .. Word(s.R1)])).ToArray()) with
        {
            Slots = [new TickSlot(Pool, Word(8), Word(r0 | (r1 << 112) | (new BigInteger(1_700_000_000) << 224)))],
        };

    private static byte[] Calldata(bool above, BigInteger r0, BigInteger r1) =>
        [.. ZkGraphManifest.Topic("onPriceCross(uint256,bool,uint256,uint256)")[..4], .. Word(900), .. Word(above ? 1 : 0), .. Word(r0), .. Word(r1)];

    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    public void PriceThresholdEmitsCalldataOnlyOnACrossing(string opt)
    {
        var e18 = BigInteger.Pow(10, 18);
        var max112 = (BigInteger.One << 112) - 1;
        // 1900 -> 2100 token1/token0: crosses up.
        var up = Run("price-threshold", opt, PoolBlock(e18, 1900 * e18, (e18, 2000 * e18 - 1), (e18, 2100 * e18)));
        Assert.Equal(0, up.ExitCode);
        Assert.Equal(Calldata(true, e18, 2100 * e18), up.Output);
        // 2100 -> 1000: crosses down.
        var down = Run("price-threshold", opt, PoolBlock(e18, 2100 * e18, (2 * e18, 2000 * e18)));
        Assert.Equal(Calldata(false, 2 * e18, 2000 * e18), down.Output);
        // stays above, and a crossing that comes back within the block: no calldata.
        Assert.Empty(Run("price-threshold", opt, PoolBlock(e18, 2500 * e18, (e18, 2600 * e18))).Output);
        Assert.Empty(Run("price-threshold", opt, PoolBlock(e18, 2500 * e18, (e18, 1000 * e18), (e18, 2200 * e18))).Output);
        // exactly at the threshold counts as above; full 112-bit reserves do not overflow.
        Assert.Equal(Calldata(true, 1, 2000), Run("price-threshold", opt, PoolBlock(1, 1999, (1, 2000))).Output);
        Assert.Equal(Calldata(false, max112, max112), Run("price-threshold", opt, PoolBlock(1, max112, (max112, max112))).Output);
    }

    [Fact]
    public void PriceThresholdNeedsThePoolSlot()
    {
        var r = Run("price-threshold", "2", Block(900));
        Assert.Equal(3, r.ExitCode);
        Assert.Empty(r.Output);
    }

    private static byte[] Receipt(int i, bool badBloom = false)
    {
        var logs = Enumerable.Range(0, i % 3).Select(j => new ChainLog
        {
            Address = new ChainAddress(Token),
            Topics = [new ChainHash(TransferTopic), new ChainHash(Word(i)), new ChainHash(Word(j))],
            Data = Word(1000 + i),
        }).ToList();
        var bloom = ChainBloom.FromLogs(logs);
        if (badBloom)
        {
            var bits = bloom.Span.ToArray();
            bits[0] ^= 0x80;
            bloom = new ChainBloom(bits);
        }
        // Chain's consensus encoding: typed (EIP-2718) and legacy receipts alternate.
        return new ChainReceipt { Type = (byte)(i % 2 == 0 ? 2 : 0), Status = true, CumulativeGasUsed = 21000ul * (ulong)(i + 1), Bloom = bloom, Logs = logs }.Encode();
    }

    /// <summary>RLP(index), the receipts-trie key.</summary>
    private static byte[] IndexKey(int i)
    {
        var w = new RlpWriter(16);
        w.WriteUInt64((ulong)i);
        return w.ToArray();
    }

    internal static (TickInput Input, List<byte[]> Receipts) ProofBlock(int count, int[] indexes, int badBloomAt = -1)
    {
        var receipts = Enumerable.Range(0, count).Select(i => Receipt(i, i == badBloomAt)).ToList();
        var trie = new MerklePatriciaTrie();
        for (var i = 0; i < receipts.Count; i++)
        {
            trie.Put(IndexKey(i), receipts[i]);
        }
        var root = trie.Root.ToArray();
        var proofs = indexes.Select(idx => new TickReceiptProof((uint)idx, [.. trie.Prove(IndexKey(idx))])).ToList();
        return (Block(1234) with { ReceiptsRoot = root, ReceiptProofs = proofs }, receipts);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    public void ReceiptProofVerifiesInsideTheGuest(string opt)
    {
        int[] idx = [0, 1, 5, 127, 128, 129];
        var (input, receipts) = ProofBlock(130, idx);
        var r = Run("receipt-proof", opt, input);
        Assert.True(r.Exited, r.Trap?.Message);
        Assert.Equal(0, r.ExitCode);
        var expected = idx.SelectMany(i => (byte[])[.. BE32((uint)i), 1, .. BE64(21000ul * (ulong)(i + 1)), .. BE32((uint)(i % 3)), .. Keccak(receipts[i])]).ToArray();
        Assert.Equal(expected, r.Output);
    }

    [Fact]
    public void ReceiptProofRejectsTampering()
    {
        var (input, _) = ProofBlock(20, [7]);
        var nodes = input.ReceiptProofs[0].Nodes.Select(n => (byte[])n.Clone()).ToList();
        nodes[^1][^1] ^= 1;
        Assert.Equal(2, Run("receipt-proof", "2", input with { ReceiptProofs = [new TickReceiptProof(7, nodes)] }).ExitCode);
        Assert.Equal(2, Run("receipt-proof", "2", input with { ReceiptsRoot = Keccak([1]) }).ExitCode);
        Assert.Equal(2, Run("receipt-proof", "2", input with { ReceiptProofs = [new TickReceiptProof(8, input.ReceiptProofs[0].Nodes)] }).ExitCode);
        Assert.Equal(2, Run("receipt-proof", "2", input with { ReceiptProofs = [new TickReceiptProof(7, input.ReceiptProofs[0].Nodes.Take(1).ToList())] }).ExitCode);
        var (bad, _) = ProofBlock(20, [7], badBloomAt: 7);
        Assert.Equal(4, Run("receipt-proof", "2", bad).ExitCode);
    }

    internal static byte[] Model(int hidden, int outputs, int seed)
    {
        var rng = new Random(seed);
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

    /// <summary>The reference for zkml-mlp in C#: same Q8.8 arithmetic, floor shifts, saturation and argmax.</summary>
    private static byte[] Mlp(byte[] blob, TickInput t)
    {
        var s = blob.AsSpan();
        int hidden = BinaryPrimitives.ReadInt32LittleEndian(s[8..]), outs = BinaryPrimitives.ReadInt32LittleEndian(s[12..]);
        int w1 = 16, b1 = w1 + 8 * hidden, w2 = b1 + 4 * hidden, b2 = w2 + 2 * outs * hidden;
        var fee = new BigInteger(t.BaseFeePerGas, isUnsigned: true, isBigEndian: true);
        var gwei = fee < (BigInteger.One << 64) ? (ulong)(fee / 1_000_000_000) : 1000;
        long[] x = [(long)((t.GasUsed << 8) / t.GasLimit), t.Logs.Count << 8, (long)Math.Min(gwei, 1000) << 8, (long)(((t.Timestamp % 3600) << 8) / 3600)];
        var h = new long[hidden];
        for (var j = 0; j < hidden; j++)
        {
            long acc = BinaryPrimitives.ReadInt32LittleEndian(s[(b1 + 4 * j)..]) * 256L;
            for (var i = 0; i < 4; i++) acc += BinaryPrimitives.ReadInt16LittleEndian(s[(w1 + 2 * (j * 4 + i))..]) * x[i];
            h[j] = Math.Clamp(acc >> 8, 0, int.MaxValue);
        }
        var logits = new int[outs];
        var best = 0;
        for (var k = 0; k < outs; k++)
        {
            long acc = BinaryPrimitives.ReadInt32LittleEndian(s[(b2 + 4 * k)..]) * 256L;
            for (var j = 0; j < hidden; j++) acc += BinaryPrimitives.ReadInt16LittleEndian(s[(w2 + 2 * (k * hidden + j))..]) * h[j];
            logits[k] = (int)Math.Clamp(acc >> 8, int.MinValue, int.MaxValue);
            if (logits[k] > logits[best]) best = k;
        }
        return [.. Keccak(blob), (byte)best, .. logits.SelectMany(l => BE32((uint)l))];
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    public void ZkmlMatchesTheReferenceClassifier(string opt)
    {
        var classes = new HashSet<byte>();
        for (var seed = 0; seed < 6; seed++)
        {
            var blob = Model(8 + seed, 3, seed);
            var logs = Enumerable.Range(0, seed * 2).Select(i => Transfer((uint)i, Token, i)).ToArray();
            var t = Block((ulong)(100 + seed * 37), logs) with { GasUsed = (ulong)(seed * 5_000_000), BaseFeePerGas = Word(BigInteger.Pow(10, 9 + seed % 4) * (seed + 1)), Blobs = [blob] };
            var r = Run("zkml-mlp", opt, t);
            Assert.True(r.Exited, r.Trap?.Message);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(Mlp(blob, t), r.Output);
            classes.Add(r.Output[32]);
        }
        Assert.True(classes.Count > 1, "the random models should not all pick the same class");
    }

    [Fact]
    public void ZkmlRejectsAMalformedModel()
    {
        var blob = Model(4, 2, 1);
        Assert.Equal(2, Run("zkml-mlp", "2", Block(1) with { Blobs = [blob[..^1]] }).ExitCode);
        Assert.Equal(2, Run("zkml-mlp", "2", Block(1) with { Blobs = [[.. "MLP2"u8, .. blob[4..]]] }).ExitCode);
        Assert.Equal(1, Run("zkml-mlp", "2", Block(1)).ExitCode);
    }

    [Fact]
    public void MalformedTickInputStopsTheRuntime()
    {
        var bytes = Block(3).Encode();
        bytes[0] ^= 1;
        var r = new Wsc.Zk.Vm.Executor(Image("erc20-volume", "2")).Run(bytes);
        Assert.Equal(102, r.ExitCode);
        Assert.Empty(r.Output);
    }

    private static byte[] BE64(ulong v) { var b = new byte[8]; BinaryPrimitives.WriteUInt64BigEndian(b, v); return b; }

    private static byte[] BE32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, v); return b; }
}

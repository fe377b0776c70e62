using System.Buffers;
using System.Buffers.Binary;

namespace Wsc.Zk.Graph;

/// <summary>
/// The canonical binary input of one zkGraph run (docs/zkgraph-input.md): a 256-byte header with the block fields
/// and section counts, then logs, slots, blobs and receipt proofs; little-endian, every record padded to 4 bytes.
/// </summary>
public sealed record TickInput
{
    /// <summary>"WSCT" read as a little-endian u32.</summary>
    public const uint Magic = 0x54435357;

    /// <summary>The format version this encoder writes.</summary>
    public const uint Version = 1;

    /// <summary>Size of the fixed header.</summary>
    public const int HeaderSize = 256;

    public ulong ChainId { get; init; }
    public ulong Number { get; init; }
    public ulong Timestamp { get; init; }
    public ulong GasLimit { get; init; }
    public ulong GasUsed { get; init; }

    /// <summary>Base fee as a 32-byte big-endian uint256 (zero before London).</summary>
    public byte[] BaseFeePerGas { get; init; } = new byte[32];
    public byte[] Hash { get; init; } = new byte[32];
    public byte[] ParentHash { get; init; } = new byte[32];
    public byte[] StateRoot { get; init; } = new byte[32];
    public byte[] ReceiptsRoot { get; init; } = new byte[32];
    public byte[] Coinbase { get; init; } = new byte[20];
    public IReadOnlyList<TickLog> Logs { get; init; } = [];
    public IReadOnlyList<TickSlot> Slots { get; init; } = [];
    public IReadOnlyList<byte[]> Blobs { get; init; } = [];
    public IReadOnlyList<TickReceiptProof> ReceiptProofs { get; init; } = [];

    /// <summary>Encodes the input; throws when a field has the wrong length.</summary>
    public byte[] Encode()
    {
        var w = new Writer();
        w.U32(Magic); w.U32(Version);
        w.U64(ChainId); w.U64(Number); w.U64(Timestamp); w.U64(GasLimit); w.U64(GasUsed);
        w.Fixed(BaseFeePerGas, 32, "baseFeePerGas"); w.Fixed(Hash, 32, "hash"); w.Fixed(ParentHash, 32, "parentHash");
        w.Fixed(StateRoot, 32, "stateRoot"); w.Fixed(ReceiptsRoot, 32, "receiptsRoot"); w.Fixed(Coinbase, 20, "coinbase");
        w.U32((uint)Logs.Count); w.U32((uint)Slots.Count); w.U32((uint)Blobs.Count); w.U32((uint)ReceiptProofs.Count);
        w.U32(0); w.U32(0); w.U32(0);
        for (var i = 0; i < Logs.Count; i++)
        {
            var l = Logs[i];
            if (l.Topics.Count > 4) throw new ArgumentException($"TickInput: logs[{i}] has {l.Topics.Count} topics, at most 4 allowed");
            w.U32(l.ReceiptIndex); w.U32(l.LogIndex); w.Fixed(l.Address, 20, $"logs[{i}].address");
            w.U32((uint)l.Topics.Count); w.U32((uint)l.Data.Length);
            for (var t = 0; t < l.Topics.Count; t++) w.Fixed(l.Topics[t], 32, $"logs[{i}].topics[{t}]");
            w.Padded(l.Data);
        }
        for (var i = 0; i < Slots.Count; i++)
        {
            w.Fixed(Slots[i].Address, 20, $"slots[{i}].address"); w.Fixed(Slots[i].Slot, 32, $"slots[{i}].slot"); w.Fixed(Slots[i].Value, 32, $"slots[{i}].value");
        }
        foreach (var blob in Blobs)
        {
            w.U32((uint)blob.Length); w.Padded(blob);
        }
        foreach (var p in ReceiptProofs)
        {
            w.U32(p.ReceiptIndex); w.U32((uint)p.Nodes.Count);
            foreach (var node in p.Nodes) { w.U32((uint)node.Length); w.Padded(node); }
        }
        return w.ToArray();
    }

    /// <summary>Strictly decodes an encoded input: bad magic/version, short data, non-zero padding or trailing bytes are errors.</summary>
    public static TickInput Decode(ReadOnlySpan<byte> data)
    {
        var r = new Reader(data);
        var magic = r.U32("magic");
        if (magic != Magic) throw new FormatException($"tick input: magic 0x{magic:x8}, expected 0x{Magic:x8} (\"WSCT\")");
        var version = r.U32("version");
        if (version != Version) throw new FormatException($"tick input: version {version}, expected {Version}");
        var chainId = r.U64("chainId"); var number = r.U64("number"); var timestamp = r.U64("timestamp");
        var gasLimit = r.U64("gasLimit"); var gasUsed = r.U64("gasUsed");
        var baseFee = r.Bytes(32, "baseFeePerGas"); var hash = r.Bytes(32, "hash"); var parent = r.Bytes(32, "parentHash");
        var stateRoot = r.Bytes(32, "stateRoot"); var receiptsRoot = r.Bytes(32, "receiptsRoot"); var coinbase = r.Bytes(20, "coinbase");
        var logCount = r.U32("logCount"); var slotCount = r.U32("slotCount"); var blobCount = r.U32("blobCount"); var proofCount = r.U32("proofCount");
        for (var i = 0; i < 3; i++)
            if (r.U32("reserved") != 0) throw new FormatException("tick input: reserved header words must be zero");
        var logs = new List<TickLog>();
        for (var i = 0; i < logCount; i++)
        {
            var receipt = r.U32($"logs[{i}].receiptIndex"); var logIndex = r.U32($"logs[{i}].logIndex");
            var address = r.Bytes(20, $"logs[{i}].address");
            var topicCount = r.U32($"logs[{i}].topicCount");
            if (topicCount > 4) throw new FormatException($"tick input: logs[{i}].topicCount {topicCount}, at most 4");
            var dataLen = r.U32($"logs[{i}].dataLength");
            var topics = new List<byte[]>();
            for (var t = 0; t < topicCount; t++) topics.Add(r.Bytes(32, $"logs[{i}].topics[{t}]"));
            logs.Add(new TickLog(receipt, logIndex, address, topics, r.Padded(dataLen, $"logs[{i}].data")));
        }
        var slots = new List<TickSlot>();
        for (var i = 0; i < slotCount; i++)
            slots.Add(new TickSlot(r.Bytes(20, $"slots[{i}].address"), r.Bytes(32, $"slots[{i}].slot"), r.Bytes(32, $"slots[{i}].value")));
        var blobs = new List<byte[]>();
        for (var i = 0; i < blobCount; i++)
            blobs.Add(r.Padded(r.U32($"blobs[{i}].length"), $"blobs[{i}]"));
        var proofs = new List<TickReceiptProof>();
        for (var i = 0; i < proofCount; i++)
        {
            var receipt = r.U32($"receiptProofs[{i}].receiptIndex");
            var count = r.U32($"receiptProofs[{i}].nodeCount");
            var nodes = new List<byte[]>();
            for (var j = 0; j < count; j++) nodes.Add(r.Padded(r.U32($"receiptProofs[{i}].nodes[{j}].length"), $"receiptProofs[{i}].nodes[{j}]"));
            proofs.Add(new TickReceiptProof(receipt, nodes));
        }
        if (r.Remaining != 0) throw new FormatException($"tick input: {r.Remaining} trailing bytes after the last section");
        return new TickInput
        {
            ChainId = chainId, Number = number, Timestamp = timestamp, GasLimit = gasLimit, GasUsed = gasUsed,
            BaseFeePerGas = baseFee, Hash = hash, ParentHash = parent, StateRoot = stateRoot, ReceiptsRoot = receiptsRoot,
            Coinbase = coinbase, Logs = logs, Slots = slots, Blobs = blobs, ReceiptProofs = proofs,
        };
    }

    private sealed class Writer
    {
        // ArrayBufferWriter rather than MemoryStream: nothing to dispose.
        private readonly System.Buffers.ArrayBufferWriter<byte> s = new();
        private readonly byte[] b = new byte[8];

        public void U32(uint v) { BinaryPrimitives.WriteUInt32LittleEndian(b, v); s.Write(b.AsSpan(0, 4)); }

        public void U64(ulong v) { BinaryPrimitives.WriteUInt64LittleEndian(b, v); s.Write(b.AsSpan(0, 8)); }

        public void Fixed(byte[] v, int length, string name)
        {
            if (v.Length != length) throw new ArgumentException($"TickInput: {name} is {v.Length} bytes, expected {length}");
            s.Write(v);
        }

        public void Padded(byte[] v)
        {
            s.Write(v);
            s.Write(new byte[(4 - v.Length % 4) % 4]);
        }

        public byte[] ToArray() => s.WrittenSpan.ToArray();
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> d = data;
        private int pos;

        public readonly int Remaining => d.Length - pos;

        private ReadOnlySpan<byte> Take(long n, string name)
        {
            if (n > d.Length - pos) throw new FormatException($"tick input: {name} needs {n} bytes at offset {pos}, only {d.Length - pos} left");
            var s = d.Slice(pos, (int)n);
            pos += (int)n;
            return s;
        }

        public uint U32(string name) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, name));

        public ulong U64(string name) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, name));

        public byte[] Bytes(int n, string name) => Take(n, name).ToArray();

        public byte[] Padded(uint n, string name)
        {
            var v = Take(n, name).ToArray();
            var pad = (int)((4 - n % 4) % 4);
            foreach (var p in Take(pad, name + " padding"))
                if (p != 0) throw new FormatException($"tick input: {name} padding must be zero");
            return v;
        }
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

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
    /// <remarks>
    /// Runs once per graph run on the tick path (and twice for graphs whose input gets blobs or slots added): the size is
    /// computed first and every field written straight into one array, and the method is compiled fully optimized at once,
    /// since a catching-up silo was measured running it at its instrumented tier for the whole catch-up.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public byte[] Encode()
    {
        var w = new Writer(EncodedLength());
        w.U32(Magic); w.U32(Version);
        w.U64(ChainId); w.U64(Number); w.U64(Timestamp); w.U64(GasLimit); w.U64(GasUsed);
        w.Fixed(BaseFeePerGas, 32, "baseFeePerGas"); w.Fixed(Hash, 32, "hash"); w.Fixed(ParentHash, 32, "parentHash");
        w.Fixed(StateRoot, 32, "stateRoot"); w.Fixed(ReceiptsRoot, 32, "receiptsRoot"); w.Fixed(Coinbase, 20, "coinbase");
        w.U32((uint)Logs.Count); w.U32((uint)Slots.Count); w.U32((uint)Blobs.Count); w.U32((uint)ReceiptProofs.Count);
        w.U32(0); w.U32(0); w.U32(0);
        for (var i = 0; i < Logs.Count; i++)
        {
            var l = Logs[i];
            w.U32(l.ReceiptIndex); w.U32(l.LogIndex); w.Fixed(l.Address, 20, "logs", i, "address");
            w.U32((uint)l.Topics.Count); w.U32((uint)l.Data.Length);
            for (var t = 0; t < l.Topics.Count; t++) w.Fixed(l.Topics[t], 32, "logs", i, "topics", t);
            w.Padded(l.Data);
        }
        for (var i = 0; i < Slots.Count; i++)
        {
            w.Fixed(Slots[i].Address, 20, "slots", i, "address"); w.Fixed(Slots[i].Slot, 32, "slots", i, "slot"); w.Fixed(Slots[i].Value, 32, "slots", i, "value");
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
        return w.Done();
    }

    /// <summary>The encoding's length in bytes (field lengths are checked while writing, topic counts here).</summary>
    private int EncodedLength()
    {
        long n = HeaderSize;
        for (var i = 0; i < Logs.Count; i++)
        {
            var l = Logs[i];
            if (l.Topics.Count > 4) throw new ArgumentException($"TickInput: logs[{i}] has {l.Topics.Count} topics, at most 4 allowed");
            n += 36 + (32L * l.Topics.Count) + PaddedLength(l.Data.Length);
        }
        n += 84L * Slots.Count;
        foreach (var blob in Blobs)
        {
            n += 4 + PaddedLength(blob.Length);
        }
        foreach (var p in ReceiptProofs)
        {
            n += 8;
            foreach (var node in p.Nodes) n += 4 + PaddedLength(node.Length);
        }
        return n <= Array.MaxLength ? (int)n : throw new ArgumentException($"TickInput: {n} bytes exceed the largest array");
    }

    private static long PaddedLength(int length) => (length + 3L) & ~3L;

    /// <summary>Strictly decodes an encoded input: bad magic/version, short data, non-zero padding or trailing bytes are errors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // on the tick path: see Encode
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
            var receipt = r.U32(new("logs", i, "receiptIndex")); var logIndex = r.U32(new("logs", i, "logIndex"));
            var address = r.Bytes(20, new("logs", i, "address"));
            var topicCount = r.U32(new("logs", i, "topicCount"));
            if (topicCount > 4) throw new FormatException($"tick input: logs[{i}].topicCount {topicCount}, at most 4");
            var dataLen = r.U32(new("logs", i, "dataLength"));
            var topics = new List<byte[]>((int)topicCount);
            for (var t = 0; t < topicCount; t++) topics.Add(r.Bytes(32, new("logs", i, "topics", t)));
            logs.Add(new TickLog(receipt, logIndex, address, topics, r.Padded(dataLen, new("logs", i, "data"))));
        }
        var slots = new List<TickSlot>();
        for (var i = 0; i < slotCount; i++)
            slots.Add(new TickSlot(r.Bytes(20, new("slots", i, "address")), r.Bytes(32, new("slots", i, "slot")), r.Bytes(32, new("slots", i, "value"))));
        var blobs = new List<byte[]>();
        for (var i = 0; i < blobCount; i++)
            blobs.Add(r.Padded(r.U32(new("blobs", i, "length")), new("blobs", i)));
        var proofs = new List<TickReceiptProof>();
        for (var i = 0; i < proofCount; i++)
        {
            var receipt = r.U32(new("receiptProofs", i, "receiptIndex"));
            var count = r.U32(new("receiptProofs", i, "nodeCount"));
            var nodes = new List<byte[]>();
            for (var j = 0; j < count; j++) nodes.Add(r.Padded(r.U32(new("receiptProofs", i, "nodes", j, "length")), new("receiptProofs", i, "nodes", j)));
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

    /// <summary>Writes into an array of the exact encoded length.</summary>
    private sealed class Writer(int length)
    {
        private readonly byte[] _bytes = new byte[length];
        private int _at;

        public void U32(uint v) { BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(_at), v); _at += 4; }

        public void U64(ulong v) { BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan(_at), v); _at += 8; }

        public void Fixed(byte[] v, int length, Field name)
        {
            if (v.Length != length) throw new ArgumentException($"TickInput: {name} is {v.Length} bytes, expected {length}");
            v.CopyTo(_bytes, _at);
            _at += length;
        }

        public void Fixed(byte[] v, int length, string section, int i, string member, int j = -1) => Fixed(v, length, new Field(section, i, member, j));

        // The array starts zeroed: padding is skipped, not written.
        public void Padded(byte[] v)
        {
            v.CopyTo(_bytes, _at);
            _at += (int)PaddedLength(v.Length);
        }

        public byte[] Done() => _at == _bytes.Length ? _bytes : throw new InvalidOperationException($"TickInput: wrote {_at} of {_bytes.Length} bytes");
    }

    /// <summary>
    /// A field's name in error messages (`logs[2].topics[1]`), formatted only when a message needs it: decoding an input
    /// names every field it reads, and formatting those names up front cost more than the decoding.
    /// </summary>
    private readonly record struct Field(string Section, int I = -1, string? Member = null, int J = -1, string? Leaf = null, bool Padding = false)
    {
        public static implicit operator Field(string name) => new(name);

        public Field Padded() => this with { Padding = true };

        public override string ToString() =>
            Section + (I >= 0 ? $"[{I}]" : "") + (Member is null ? "" : "." + Member) + (J >= 0 ? $"[{J}]" : "") + (Leaf is null ? "" : "." + Leaf)
            + (Padding ? " padding" : "");
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> d = data;
        private int pos;

        public readonly int Remaining => d.Length - pos;

        private ReadOnlySpan<byte> Take(long n, Field name)
        {
            if (n > d.Length - pos) throw new FormatException($"tick input: {name} needs {n} bytes at offset {pos}, only {d.Length - pos} left");
            var s = d.Slice(pos, (int)n);
            pos += (int)n;
            return s;
        }

        public uint U32(Field name) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, name));

        public ulong U64(Field name) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, name));

        public byte[] Bytes(int n, Field name) => Take(n, name).ToArray();

        public byte[] Padded(uint n, Field name)
        {
            var v = Take(n, name).ToArray();
            var pad = (int)((4 - n % 4) % 4);
            foreach (var p in Take(pad, name.Padded()))
                if (p != 0) throw new FormatException($"tick input: {name} padding must be zero");
            return v;
        }
    }
}

using System.Runtime.CompilerServices;
using Wsc.Chain;
using Wsc.Chain.Rlp;
using Wsc.Chain.Rpc;
using Wsc.Chain.Trie;
using Wsc.Chain.Types;

namespace Wsc.Zk.Graph;

/// <summary>
/// Assembles one graph's tick input (docs/zkgraph-input.md) from verified chain data only, free of Orleans: the cluster's
/// tick path, `wsc zkgraph exec|input` and a client re-deriving a receipt's input all run this code. Header fields come
/// from a header whose hash was recomputed, logs from receipts whose trie root matched `receiptsRoot` (filtered by the
/// graph's events, in block order), slots from `eth_getProof` at the parent block checked against the parent's
/// stateRoot (EIP-1186), blobs as the caller read and checked them from the storage network, and (when the manifest asks,
/// `receiptProofs: matched`) Merkle-Patricia proofs of the matched logs' receipts cut from the trie rebuilt out of those
/// same receipts, whose root must equal the header's receiptsRoot.
/// </summary>
public sealed class TickInputAssembler
{
    private readonly Dictionary<Address, HashSet<Hash32>> _events = [];

    /// <summary>One bloom probe per (address, topic0) filter, both items added: built once, tested per block.</summary>
    private readonly List<Bloom> _probes = [];

    /// <summary>An assembler for a graph reading <paramref name="events"/> (contract → topic0s) and <paramref name="slots"/>, run by <paramref name="trigger"/>.</summary>
    public TickInputAssembler(ulong chainId, IEnumerable<(Address Address, IEnumerable<Hash32> Topics)> events, ZkGraphTrigger trigger, IReadOnlyList<StorageSlotSource> slots,
        ZkGraphReceiptProofs receiptProofs = ZkGraphReceiptProofs.None)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(slots);
        ChainId = chainId;
        Trigger = trigger;
        Slots = slots;
        ReceiptProofs = receiptProofs;
        foreach (var (address, topics) in events)
        {
            if (!_events.TryGetValue(address, out var set))
            {
                _events[address] = set = [];
            }
            set.UnionWith(topics);
        }
        foreach (var (address, topics) in _events)
        {
            foreach (var topic in topics)
            {
                var probe = new Bloom();
                probe.Add(address.Span);
                probe.Add(topic.Span);
                _probes.Add(probe);
            }
        }
    }

    /// <summary>The assembler of <paramref name="manifest"/>'s data sources and trigger.</summary>
    public static TickInputAssembler For(ulong chainId, ZkGraphManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new TickInputAssembler(chainId, manifest.Events.Select(e => (new Address(e.Address), e.Topics.Select(t => new Hash32(t)))),
            manifest.Trigger, manifest.StorageSlots, manifest.ReceiptProofs);
    }

    /// <summary>The chain id written into every input.</summary>
    public ulong ChainId { get; }

    /// <summary>When the graph runs.</summary>
    public ZkGraphTrigger Trigger { get; }

    /// <summary>The storage slots read into every input.</summary>
    public IReadOnlyList<StorageSlotSource> Slots { get; }

    /// <summary>Which receipts the input carries proofs of.</summary>
    public ZkGraphReceiptProofs ReceiptProofs { get; }

    /// <summary>Whether the graph reads any logs.</summary>
    public bool ReadsEvents => _events.Count > 0;

    /// <summary>False when <paramref name="bloom"/> (a verified header's logsBloom) proves no log of the graph's filters is in the block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per block: see ZkGraphMatcher.Match
    public bool MightMatch(Bloom bloom)
    {
        ArgumentNullException.ThrowIfNull(bloom);
        foreach (var probe in _probes)
        {
            if (bloom.ContainsAll(probe))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The logs of <paramref name="logs"/> (the block's, in order) that the graph's filters select, as input records.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per block
    public List<TickLog> Match(IReadOnlyList<BlockLog> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var matched = new List<TickLog>();
        if (_events.Count == 0)
        {
            return matched;
        }
        foreach (var (receipt, index, log) in logs)
        {
            if (log.Topics.Count > 0 && _events.TryGetValue(log.Address, out var topics) && topics.Contains(log.Topics[0]))
            {
                matched.Add(new TickLog(receipt, index, log.Address.ToArray(), [.. log.Topics.Select(t => t.ToArray())], log.Data));
            }
        }
        return matched;
    }

    /// <summary>Whether the graph runs on block <paramref name="number"/> with <paramref name="matchedLogs"/> selected logs.</summary>
    public bool Triggers(ulong number, int matchedLogs) =>
        Trigger.OnEvents ? matchedLogs > 0 : Trigger.EveryNBlocks > 0 && number % (ulong)Trigger.EveryNBlocks == 0;

    /// <summary>Every log of a block with its receipt index and block log index, from the receipts' logs in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per block
    public static List<BlockLog> BlockLogs(IEnumerable<IReadOnlyList<Log>> receiptLogs)
    {
        ArgumentNullException.ThrowIfNull(receiptLogs);
        var all = new List<BlockLog>();
        uint receipt = 0, index = 0;
        foreach (var logs in receiptLogs)
        {
            foreach (var log in logs)
            {
                all.Add(new BlockLog(receipt, index++, log));
            }
            receipt++;
        }
        return all;
    }

    /// <summary>
    /// The receipts trie of a block (key rlp(index), value the receipt's consensus encoding), rebuilt from
    /// <paramref name="receipts"/> and refused with <see cref="InvalidDataException"/> unless its root is the header's
    /// receiptsRoot: proofs are cut only from receipts that hash to the verified header.
    /// </summary>
    public static MerklePatriciaTrie ReceiptTrie(BlockHeader header, IReadOnlyList<byte[]> receipts)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(receipts);
        var trie = new MerklePatriciaTrie();
        var w = new RlpWriter(16);
        for (var i = 0; i < receipts.Count; i++)
        {
            if (receipts[i] is not { Length: > 0 } receipt)
            {
                throw new InvalidDataException($"block {header.Number}: receipt {i} is empty");
            }
            w.Reset();
            w.WriteUInt64((ulong)i);
            trie.Put(w.WrittenSpan, receipt);
        }
        if (trie.Root != header.ReceiptsRoot)
        {
            throw new InvalidDataException($"block {header.Number}: its {receipts.Count} receipts hash to {trie.Root}, the header's receiptsRoot is {header.ReceiptsRoot}");
        }
        return trie;
    }

    /// <summary>
    /// The receipt proofs the graph asks for: with `receiptProofs: matched`, one per distinct receipt holding a log of
    /// <paramref name="logs"/>, in receipt order, cut from <paramref name="trie"/> (see <see cref="ReceiptTrie"/>; built
    /// only when called). Empty otherwise.
    /// </summary>
    public IReadOnlyList<TickReceiptProof> ProveReceipts(IReadOnlyList<TickLog> logs, Func<MerklePatriciaTrie> trie)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(trie);
        if (ReceiptProofs == ZkGraphReceiptProofs.None || logs.Count == 0)
        {
            return [];
        }
        var built = trie();
        var w = new RlpWriter(16);
        var proofs = new List<TickReceiptProof>();
        foreach (var index in logs.Select(l => l.ReceiptIndex).Distinct().Order())
        {
            w.Reset();
            w.WriteUInt64(index);
            proofs.Add(new TickReceiptProof(index, built.Prove(w.WrittenSpan)));
        }
        return proofs;
    }

    /// <summary>The input of <paramref name="header"/> with <paramref name="logs"/>; slots and blobs are added by the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per run
    public TickInput Input(BlockHeader header, IReadOnlyList<TickLog> logs)
    {
        ArgumentNullException.ThrowIfNull(header);
        var baseFee = new byte[32];
        if (header.BaseFeePerGas is { } fee)
        {
            fee.TryWriteBytes(baseFee.AsSpan(32 - fee.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        }
        return new TickInput
        {
            ChainId = ChainId, Number = header.Number, Timestamp = header.Timestamp, GasLimit = header.GasLimit, GasUsed = header.GasUsed,
            BaseFeePerGas = baseFee, Hash = header.Hash.ToArray(), ParentHash = header.ParentHash.ToArray(), StateRoot = header.StateRoot.ToArray(),
            ReceiptsRoot = header.ReceiptsRoot.ToArray(), Coinbase = header.Coinbase.ToArray(), Logs = logs,
        };
    }

    /// <summary>
    /// The graph's slot values as they stood before the block whose parent is <paramref name="parentHash"/>, in manifest
    /// order: `eth_getProof` at the parent (its header fetched by hash and re-hashed), every account and slot proof checked
    /// against the parent's stateRoot. A node that lies is refused with <see cref="InvalidDataException"/>, never believed.
    /// </summary>
    public async Task<IReadOnlyList<TickSlot>> SlotsAsync(EthRpcClient rpc, Hash32 parentHash, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        if (Slots.Count == 0)
        {
            return [];
        }
        if (parentHash == Hash32.Zero)
        {
            throw new InvalidDataException("block 0 has no parent state to read storage slots from");
        }
        var parent = await rpc.GetHeaderByHashAsync(parentHash, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"the node does not serve the parent block {parentHash}");
        if (parent.Hash != parentHash)
        {
            throw new InvalidDataException($"asked for block {parentHash}, the node's header hashes to {parent.Hash}");
        }
        var slots = new List<TickSlot>();
        foreach (var source in Slots)
        {
            var address = new Address(source.Address);
            var proof = await rpc.GetVerifiedProofAsync(address, [.. source.Slots.Select(s => new Hash32(s))], parent, ct).ConfigureAwait(false);
            foreach (var key in source.Slots)
            {
                var slot = proof.StorageProofs.FirstOrDefault(p => p.KeyWord.AsSpan().SequenceEqual(key))
                    ?? throw new InvalidDataException($"eth_getProof at block {parent.Number} has no proof of slot {Hex.Encode(key)} of {address}");
                var value = new byte[32];
                slot.Value.TryWriteBytes(value.AsSpan(32 - slot.Value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
                slots.Add(new TickSlot(source.Address, key, value));
            }
        }
        return slots;
    }

    /// <summary>
    /// The whole input of block <paramref name="number"/> from a node: its header (hash recomputed), its receipts (checked
    /// against receiptsRoot), the matched logs, the slots (proofs checked) and <paramref name="blobs"/>. Also says whether
    /// the graph's trigger would run on the block (a local run may want the input regardless).
    /// </summary>
    public async Task<(TickInput Input, bool Triggered)> FromNodeAsync(EthRpcClient rpc, ulong number, IReadOnlyList<byte[]> blobs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(blobs);
        var header = await rpc.GetHeaderAsync(number, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"the node has no block {number}");
        var logs = new List<TickLog>();
        IReadOnlyList<TickReceiptProof> proofs = [];
        if (ReadsEvents && MightMatch(header.LogsBloom))
        {
            var receipts = await rpc.GetReceiptsAsync(header, ct).ConfigureAwait(false);
            logs = Match(BlockLogs(receipts.Select(r => r.Logs)));
            proofs = ProveReceipts(logs, () => ReceiptTrie(header, [.. receipts.Select(r => r.Encode())]));
        }
        var input = Input(header, logs) with
        {
            Slots = await SlotsAsync(rpc, header.ParentHash, ct).ConfigureAwait(false), Blobs = blobs, ReceiptProofs = proofs,
        };
        return (input, Triggers(number, logs.Count));
    }
}

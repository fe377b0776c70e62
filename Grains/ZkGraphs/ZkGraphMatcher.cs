using System.Runtime.CompilerServices;
using Wsc.Chain;
using Wsc.Chain.Trie;
using Wsc.Chain.Types;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Zk.Graph;

namespace Wsc.Grains.ZkGraphs;

/// <summary>
/// Decides which graphs run on which blocks and assembles each run's tick input from the block's verified header and
/// receipts, with one <see cref="TickInputAssembler"/> per graph (the same code `wsc zkgraph exec` runs): the block's
/// receipts are decoded once for all graphs, and not at all when the header's logsBloom rules every filter out. Graphs
/// asking for receipt proofs get them cut from one receipts trie per block, rebuilt from those verified receipts and
/// checked against receiptsRoot again (built only when a run needs it).
/// </summary>
public sealed class ZkGraphMatcher
{
    private readonly List<(string Id, TickInputAssembler Assembler)> _graphs = [];
    private readonly bool _anyEvents;

    public ZkGraphMatcher(ulong chainId, IReadOnlyList<ZkGraphSubscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        foreach (var s in subscriptions)
        {
            var assembler = new TickInputAssembler(chainId, s.Events.Select(e => (Address.Parse(e.Address), e.Topics.Select(Hash32.Parse))),
                new ZkGraphTrigger(s.OnEvents, s.EveryNBlocks), [], s.ProveMatchedReceipts ? ZkGraphReceiptProofs.Matched : ZkGraphReceiptProofs.None);
            _anyEvents |= assembler.ReadsEvents;
            _graphs.Add((s.GraphId, assembler));
        }
    }

    /// <summary>The runs <paramref name="block"/> triggers: graph id and that graph's tick for the block.</summary>
    /// <remarks>
    /// Runs per block for every block a catch-up records, from the silo's first seconds: compiled fully optimized at once
    /// (with the assembler's per-block methods, TickInput's codec and the executor), since under tiered compilation a
    /// freshly started silo was measured running this path at its instrumented tier for the whole catch-up.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IReadOnlyList<(string GraphId, ZkGraphTick Tick)> Match(ZkGraphBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var runs = new List<(string, ZkGraphTick)>();
        if (_graphs.Count == 0)
        {
            return runs;
        }
        var header = block.Header;
        var logs = _anyEvents && _graphs.Any(g => g.Assembler.MightMatch(header.LogsBloom))
            ? TickInputAssembler.BlockLogs(block.Receipts.Select(r => Receipt.Decode(r).Logs))
            : [];
        MerklePatriciaTrie? trie = null;
        MerklePatriciaTrie Trie() => trie ??= TickInputAssembler.ReceiptTrie(header, block.Receipts);
        foreach (var (id, assembler) in _graphs)
        {
            var matched = assembler.Match(logs);
            if (assembler.Triggers(header.Number, matched.Count))
            {
                runs.Add((id, new ZkGraphTick(header.Number, header.Hash.ToString(), block.Final, (assembler.Input(header, matched) with { ReceiptProofs = assembler.ProveReceipts(matched, Trie) }).Encode())));
            }
        }
        return runs;
    }
}

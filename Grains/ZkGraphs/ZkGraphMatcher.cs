using Wsc.Chain;
using Wsc.Chain.Types;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Zk.Graph;

namespace Wsc.Grains.ZkGraphs;

/// <summary>
/// Decides which graphs run on which blocks and assembles each run's tick input (docs/zkgraph-input.md) from the block's
/// verified header and receipts: the logs a graph's filters match, in block order, with their receipt and block log indexes.
/// </summary>
public sealed class ZkGraphMatcher
{
    private readonly ulong _chainId;
    private readonly List<(string Id, ZkGraphSubscription Sub, Dictionary<Address, HashSet<Hash32>> Filters)> _graphs = [];
    private readonly bool _anyEvents;

    public ZkGraphMatcher(ulong chainId, IReadOnlyList<ZkGraphSubscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        _chainId = chainId;
        foreach (var s in subscriptions)
        {
            var filters = new Dictionary<Address, HashSet<Hash32>>();
            foreach (var e in s.Events)
            {
                var address = Address.Parse(e.Address);
                if (!filters.TryGetValue(address, out var topics))
                {
                    filters[address] = topics = [];
                }
                foreach (var t in e.Topics)
                {
                    topics.Add(Hash32.Parse(t));
                }
            }
            _anyEvents |= filters.Count > 0;
            _graphs.Add((s.GraphId, s, filters));
        }
    }

    /// <summary>The runs <paramref name="block"/> triggers: graph id and that graph's tick for the block.</summary>
    public IReadOnlyList<(string GraphId, ZkGraphTick Tick)> Match(ZkGraphBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var runs = new List<(string, ZkGraphTick)>();
        if (_graphs.Count == 0)
        {
            return runs;
        }
        var header = block.Header;
        // The header's logsBloom (part of the verified header) says when no filtered log can be in the block: then its
        // receipts are not decoded at all, which is most blocks for most graphs.
        var logs = _anyEvents && MightMatch(header.LogsBloom) ? Logs(block.Receipts) : [];
        foreach (var (id, sub, filters) in _graphs)
        {
            var matched = new List<TickLog>();
            foreach (var (receipt, index, log) in logs)
            {
                if (log.Topics.Count > 0 && filters.TryGetValue(log.Address, out var topics) && topics.Contains(log.Topics[0]))
                {
                    matched.Add(new TickLog(receipt, index, log.Address.ToArray(), [.. log.Topics.Select(t => t.ToArray())], log.Data));
                }
            }
            var triggered = sub.OnEvents ? matched.Count > 0 : sub.EveryNBlocks > 0 && header.Number % (ulong)sub.EveryNBlocks == 0;
            if (triggered)
            {
                runs.Add((id, new ZkGraphTick(header.Number, header.Hash.ToString(), block.Final, Input(header, matched).Encode())));
            }
        }
        return runs;
    }

    /// <summary>The tick input of <paramref name="header"/> with <paramref name="logs"/> (slots and blobs are the graph's to add).</summary>
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
            ChainId = _chainId, Number = header.Number, Timestamp = header.Timestamp, GasLimit = header.GasLimit, GasUsed = header.GasUsed,
            BaseFeePerGas = baseFee, Hash = header.Hash.ToArray(), ParentHash = header.ParentHash.ToArray(), StateRoot = header.StateRoot.ToArray(),
            ReceiptsRoot = header.ReceiptsRoot.ToArray(), Coinbase = header.Coinbase.ToArray(), Logs = logs,
        };
    }

    private bool MightMatch(Bloom bloom)
    {
        foreach (var (_, _, filters) in _graphs)
        {
            foreach (var (address, topics) in filters)
            {
                if (bloom.MightContain(address.Span) && topics.Any(t => bloom.MightContain(t.Span)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<(uint Receipt, uint Index, Log Log)> Logs(IReadOnlyList<byte[]> receipts)
    {
        var all = new List<(uint, uint, Log)>();
        uint index = 0;
        for (var r = 0; r < receipts.Count; r++)
        {
            foreach (var log in Receipt.Decode(receipts[r]).Logs)
            {
                all.Add(((uint)r, index++, log));
            }
        }
        return all;
    }
}

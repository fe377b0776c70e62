using Wsc.Grains.Interfaces.ZkGraphs;

namespace Wsc.Grains.ZkGraphs;

/// <summary>Outputs in this silo's memory (development: one silo, nothing survives a restart).</summary>
public sealed class MemoryZkGraphOutputStore : IZkGraphOutputStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Graph, string Hash), ZkGraphOutput> _outputs = [];

    public Task<IReadOnlyList<ZkGraphOutput>> FindAsync(string graphId, IReadOnlyCollection<string> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ZkGraphOutput>>([.. hashes.Distinct().Select(h => _outputs.GetValueOrDefault((graphId, h))).OfType<ZkGraphOutput>()]);
        }
    }

    public Task SaveAsync(IReadOnlyList<ZkGraphOutput> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        lock (_lock)
        {
            foreach (var o in outputs)
            {
                _outputs[(o.GraphId, o.Hash)] = o;
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ZkGraphOutput>> RangeAsync(string graphId, ulong from, ulong to)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ZkGraphOutput>>([.. _outputs.Values
                .Where(o => o.GraphId == graphId && o.Number >= from && o.Number <= to)
                .OrderBy(o => o.Number).ThenBy(o => o.Status == ZkGraphOutputStatus.Orphaned ? 0 : 1).ThenBy(o => o.Hash, StringComparer.Ordinal)]);
        }
    }

    public Task<int> OrphanAsync(ulong number, string hash)
    {
        lock (_lock)
        {
            var changed = 0;
            foreach (var (key, o) in _outputs.ToList())
            {
                if (o.Number == number && o.Hash == hash && o.Status != ZkGraphOutputStatus.Orphaned)
                {
                    _outputs[key] = o with { Status = ZkGraphOutputStatus.Orphaned };
                    changed++;
                }
            }
            return Task.FromResult(changed);
        }
    }

    public Task<IReadOnlyList<ZkGraphOutput>> FinalizeAsync(string graphId, ulong through)
    {
        lock (_lock)
        {
            var changed = new List<ZkGraphOutput>();
            foreach (var (key, o) in _outputs.ToList())
            {
                if (o.GraphId == graphId && o.Number <= through && o.Status == ZkGraphOutputStatus.Executed)
                {
                    changed.Add(_outputs[key] = o with { Status = ZkGraphOutputStatus.Final });
                }
            }
            return Task.FromResult<IReadOnlyList<ZkGraphOutput>>([.. changed.OrderBy(o => o.Number).ThenBy(o => o.Hash, StringComparer.Ordinal)]);
        }
    }

    public Task<IReadOnlyList<ZkGraphOutput>> UndeliveredAsync(string graphId, int limit)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ZkGraphOutput>>([.. _outputs.Values
                .Where(o => o.GraphId == graphId && o.Status == ZkGraphOutputStatus.Final && o.Error is null && o.Output.Length > 0 && o.Destinations.Length == 0)
                .OrderBy(o => o.Number).ThenBy(o => o.Hash, StringComparer.Ordinal).Take(limit)]);
        }
    }
}

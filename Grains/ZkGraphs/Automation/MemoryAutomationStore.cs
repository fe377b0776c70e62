namespace Wsc.Grains.ZkGraphs.Automation;

/// <summary>Automation transactions in this silo's memory (development).</summary>
public sealed class MemoryAutomationStore : IAutomationStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Graph, string Hash), AutomationTransaction> _byOutput = [];
    private readonly HashSet<(string From, ulong Nonce)> _nonces = [];

    public Task<AutomationTransaction?> FindAsync(string graphId, string blockHash)
    {
        lock (_lock)
        {
            return Task.FromResult(_byOutput.GetValueOrDefault((graphId, blockHash)));
        }
    }

    public Task<ulong> NextNonceAsync(string from)
    {
        lock (_lock)
        {
            var used = _nonces.Where(n => n.From == from).Select(n => n.Nonce + 1).ToList();
            return Task.FromResult(used.Count == 0 ? 0 : used.Max());
        }
    }

    public Task<AutomationTransaction?> AddAsync(AutomationTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        lock (_lock)
        {
            if (_byOutput.TryGetValue((tx.GraphId, tx.BlockHash), out var stored))
            {
                return Task.FromResult<AutomationTransaction?>(stored);
            }
            if (!_nonces.Add((tx.From, tx.Nonce)))
            {
                return Task.FromResult<AutomationTransaction?>(null);
            }
            _byOutput[(tx.GraphId, tx.BlockHash)] = tx;
            return Task.FromResult<AutomationTransaction?>(tx);
        }
    }

    public Task IncludedAsync(string graphId, string blockHash, string? txHash, ulong? block, bool? succeeded)
    {
        lock (_lock)
        {
            if (_byOutput.TryGetValue((graphId, blockHash), out var tx))
            {
                _byOutput[(graphId, blockHash)] = block is null
                    ? tx with { IncludedIn = null, Succeeded = null, IncludedHash = null }
                    : tx with { IncludedIn = block, Succeeded = succeeded, IncludedHash = txHash };
            }
        }
        return Task.CompletedTask;
    }

    public Task<AutomationTransaction> ReplaceAsync(string graphId, string blockHash, string currentHash, string newHash, byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        lock (_lock)
        {
            var tx = _byOutput[(graphId, blockHash)];
            if (tx.TxHash == currentHash)
            {
                tx = tx with { TxHash = newHash, Raw = raw, Replaced = [.. tx.Replaced, tx.Raw] };
                _byOutput[(graphId, blockHash)] = tx;
            }
            return Task.FromResult(tx);
        }
    }

    public Task<IReadOnlyList<AutomationTransaction>> WatchedAsync(string graphId, ulong confirmedThrough, int limit)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AutomationTransaction>>([.. _byOutput.Values
                .Where(t => t.GraphId == graphId && (t.IncludedIn is null || t.IncludedIn > confirmedThrough))
                .OrderByDescending(t => t.Number).Take(limit)]);
        }
    }
}

using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Grains.Consensus;

/// <summary>
/// One page of tick records. Recording is idempotent per (height, hash), so a tick replayed after a crash returns
/// the stored record; a batch is checked whole before anything changes, so a refused batch changes nothing.
/// </summary>
public sealed class TickLedgerGrain(
    [PersistentState("ticks", "wsc")] IPersistentState<TickLedgerState> state) : Grain, ITickLedgerGrain
{
    private Dictionary<ulong, List<int>>? _byHeight;

    public async Task<IReadOnlyList<TickRecord>> RecordAsync(IReadOnlyList<TickRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var (lo, hi) = Range();
        var heights = new HashSet<ulong>();
        foreach (var r in records)
        {
            if (r.Number < lo || r.Number > hi)
            {
                throw new ArgumentException($"tick {r.Number} does not belong to ledger page {lo}..{hi}");
            }
            if (r.Status is not (TickState.Executed or TickState.Final))
            {
                throw new ArgumentException($"tick {r.Number}: only executed or final ticks are recorded, not {r.Status}");
            }
            if (!TickLedgerState.IsHash(r.Hash) || !TickLedgerState.IsHash(r.ParentHash))
            {
                throw new ArgumentException($"tick {r.Number}: hash '{r.Hash}' and parent '{r.ParentHash}' must be 0x and 64 lowercase hex digits");
            }
            if (!heights.Add(r.Number))
            {
                throw new ArgumentException($"tick {r.Number} appears twice in one batch");
            }
            foreach (var i in Index(r.Number))
            {
                var x = state.State.Records()[i];
                if (x.Status == TickState.Final && x.Hash != r.Hash)
                {
                    throw new InvalidOperationException($"tick {r.Number}: block {x.Hash} is final here; {r.Hash} cannot replace it");
                }
            }
        }

        var all = state.State.Records();
        var stored = new TickRecord[records.Count];
        var changed = false;
        var now = DateTime.UtcNow;
        for (var k = 0; k < records.Count; k++)
        {
            var r = records[k];
            var index = Index(r.Number);
            var same = -1;
            foreach (var i in index)
            {
                if (all[i].Hash == r.Hash)
                {
                    same = i;
                }
            }
            var existing = same >= 0 ? all[same] : null;
            if (existing is { Status: TickState.Final } || (existing is { Status: TickState.Executed } && r.Status == TickState.Executed))
            {
                stored[k] = existing;
                continue;
            }
            changed = true;
            if (existing is { Status: TickState.Executed })
            {
                stored[k] = all[same] = existing with { Status = TickState.Final };
                continue;
            }
            // A new block here, or an orphaned one canonical again (the chain reorged back): it becomes the one live
            // record at this height.
            foreach (var i in index)
            {
                if (all[i].Hash != r.Hash && all[i].Status != TickState.Orphaned)
                {
                    all[i] = all[i] with { Status = TickState.Orphaned };
                }
            }
            if (existing is not null)
            {
                stored[k] = all[same] = existing with
                {
                    Status = r.Status, RecordedUtc = now, SeenUtc = r.SeenUtc, Storage = r.Storage ?? existing.Storage,
                };
            }
            else
            {
                stored[k] = r with { RecordedUtc = now };
                index.Add(all.Count);
                all.Add(stored[k]);
            }
        }
        if (changed)
        {
            await WriteAsync();
        }
        return stored;
    }

    public async Task RetractAsync(ulong number, string hash)
    {
        var all = state.State.Records();
        var i = Index(number).FirstOrDefault(x => all[x].Hash == hash && all[x].Status != TickState.Orphaned, -1);
        if (i < 0)
        {
            return;
        }
        all[i] = all[i] with { Status = TickState.Orphaned };
        await WriteAsync();
    }

    public async Task FinalizeAsync(ulong from, ulong to, IReadOnlyDictionary<ulong, string> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var all = state.State.Records();
        var changed = false;
        for (var i = 0; i < all.Count; i++)
        {
            var r = all[i];
            if (r.Number >= from && r.Number <= to && r.Status == TickState.Executed
                && (!hashes.TryGetValue(r.Number, out var h) || h.Length == 0 || h == r.Hash))
            {
                all[i] = r with { Status = TickState.Final };
                changed = true;
            }
        }
        if (changed)
        {
            await WriteAsync();
        }
    }

    public Task<IReadOnlyList<TickRecord>> GetAsync(ulong from, ulong to) =>
        Task.FromResult<IReadOnlyList<TickRecord>>(
            [.. state.State.Records().Where(r => r.Number >= from && r.Number <= to)
                .OrderBy(r => r.Number).ThenBy(r => r.Status == TickState.Orphaned ? 0 : 1)]);

    private Task WriteAsync()
    {
        state.State.Pack();
        return state.WriteStateAsync();
    }

    private (ulong Lo, ulong Hi) Range()
    {
        var page = ChainKeys.ParsePage(this.GetPrimaryKeyString()).Page;
        return (page * ITickLedgerGrain.PageSize, (page * ITickLedgerGrain.PageSize) + ITickLedgerGrain.PageSize - 1);
    }

    private List<int> Index(ulong number)
    {
        if (_byHeight is null)
        {
            _byHeight = [];
            for (var i = 0; i < state.State.Records().Count; i++)
            {
                Slot(state.State.Records()[i].Number).Add(i);
            }
        }
        return Slot(number);
    }

    private List<int> Slot(ulong number)
    {
        if (!_byHeight!.TryGetValue(number, out var list))
        {
            _byHeight[number] = list = [];
        }
        return list;
    }
}

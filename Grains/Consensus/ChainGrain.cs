using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wsc.Grains.Interfaces.Consensus;


namespace Wsc.Grains.Consensus;

/// <summary>
/// The consensus grain: follows one chain's heads (WebSocket push plus polling), ticks every block in order,
/// handles reorgs and finality. A reminder keeps it alive across silo failures; its state is the cursor and
/// the recent canonical window.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed in OnDeactivateAsync, the grain's end of life.")]
public sealed class ChainGrain(
    [PersistentState("chain", "wsc")] IPersistentState<FollowerState> state,
    IEthereumSourceFactory sources,
    IOptions<EthereumOptions> options,
    ChainMetrics metrics,
    ILogger<ChainGrain> logger) : Grain, IChainGrain, IRemindable
{
    private readonly CancellationTokenSource _stop = new();
    private IEthereumSource? _source;
    private ChainFollower? _follower;
    private IGrainTimer? _timer;
    private bool _reminderSet;
    private string? _configError;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var chainId = ChainKeys.ParseChainId(this.GetPrimaryKeyString());
        var opts = options.Value;
        if (chainId != opts.ChainId)
        {
            _configError = $"this silo follows chain {opts.ChainId}, not {chainId}";
            return;
        }
        if (opts.StartPaused && !state.RecordExists)
        {
            state.State.Halted = "paused at start (Ethereum:StartPaused): resume with `wsc chain resume`";
            await state.WriteStateAsync(cancellationToken);
        }
        _source = await sources.CreateAsync(cancellationToken);
        var history = this.GetStreamProvider(Wsc.Grains.Interfaces.LiveFeeds.Provider)
            .GetStream<TickRecord[]>(StreamId.Create(Wsc.Grains.Interfaces.LiveFeeds.TickHistoryNamespace, this.GetPrimaryKeyString()));
        _follower = new ChainFollower(_source, new GrainTickSink(GrainFactory, this.GetPrimaryKeyString(), logger,
            records => records.Count == 0 ? Task.CompletedTask : history.OnNextAsync([.. records])), state.State,
            PersistAsync, opts, logger);
        _follower.Ticked += latency =>
        {
            metrics.Ticks.Add(1);
            metrics.TickLatency.Record(latency.TotalMilliseconds);
        };
        _timer = this.RegisterGrainTimer(PollCoreAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = TimeSpan.FromMilliseconds(Math.Max(10, opts.PollIntervalMs)),
            Interleave = false,
        });
        logger.LogInformation("Follower of {Chain} activated on {Silo}; resuming after block {Cursor}",
            this.GetPrimaryKeyString(), this.RuntimeIdentity, state.State.Cursor?.ToString() ?? "(none)");
        var self = this.AsReference<IChainGrain>();
        _ = Task.Run(() => ListenForHeadsAsync(self, _source, _stop.Token), CancellationToken.None);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        _timer?.Dispose();
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }
        _stop.Dispose();
    }

    public async Task StartAsync()
    {
        if (_configError is not null)
        {
            throw new InvalidOperationException(_configError);
        }
        if (!_reminderSet)
        {
            // The reminder re-activates the follower on a surviving silo if the one hosting it dies.
            await this.RegisterOrUpdateReminder("keep-following", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            _reminderSet = true;
        }
    }

    public Task PollAsync() => PollCoreAsync(CancellationToken.None);

    private async Task PersistAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            // Someone else wrote the state (or a timed-out write committed): reload it in a fresh activation.
            this.DeactivateOnIdle();
            throw;
        }
    }

    public Task<ChainStatus> GetStatusAsync()
    {
        var s = state.State;
        var opts = options.Value;
        BlockRef? head = s.Cursor is ulong c && s.Window.TryGetValue(c, out var h) ? new BlockRef(c, h) : null;
        var behind = s.NodeHead is ulong nh && nh > (s.Cursor ?? 0) ? nh - (s.Cursor ?? 0) : 0;
        if (s.Cursor is null && s.NodeHead is ulong nh0)
        {
            behind = nh0 + 1 > opts.StartBlock ? nh0 + 1 - opts.StartBlock : 0;
        }
        return Task.FromResult(new ChainStatus(this.GetPrimaryKeyString(), opts.ChainId, head, s.Safe, s.Finalized, behind,
            _source?.Describe ?? "", s.Halted, _configError ?? _follower?.LastError, s.Reorgs, this.RuntimeIdentity));
    }

    public async Task<IReadOnlyList<TickRecord>> GetTicksAsync(ulong? from, ulong? to)
    {
        if (from is { } f && to is { } t && f > t)
        {
            throw new ArgumentException($"from {f} is above to {t}: give the lower block first");
        }
        var cursor = state.State.Cursor;
        if (cursor is null)
        {
            return [];
        }
        var hi = Math.Min(to ?? cursor.Value, cursor.Value);
        var lo = from ?? (hi >= 19 ? hi - 19 : 0);
        if (lo > hi)
        {
            return [];
        }
        if (hi - lo >= 1000)
        {
            throw new ArgumentException($"tick range {lo}..{hi} spans more than 1000 blocks");
        }
        var chain = this.GetPrimaryKeyString();
        var reads = new List<Task<IReadOnlyList<TickRecord>>>();
        for (var page = lo / ITickLedgerGrain.PageSize; page <= hi / ITickLedgerGrain.PageSize; page++)
        {
            reads.Add(GrainFactory.GetGrain<ITickLedgerGrain>(ChainKeys.Ledger(chain, page * ITickLedgerGrain.PageSize)).GetAsync(lo, hi));
        }
        var all = await Task.WhenAll(reads);
        return [.. all.SelectMany(r => r)];
    }

    public async Task<ChainHaltResult> ResumeAsync()
    {
        var was = state.State.Halted;
        if (was is not null)
        {
            logger.LogWarning("Follower resumed by an operator after: {Reason}", was);
            state.State.Halted = null;
            await state.WriteStateAsync();
        }
        return new ChainHaltResult(this.GetPrimaryKeyString(), was is not null, null, was, state.State.Cursor);
    }

    public async Task<ChainHaltResult> PauseAsync(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("a pause needs a reason (it is shown by `wsc chain status` until resumed)", nameof(reason));
        }
        if (_configError is not null)
        {
            throw new InvalidOperationException(_configError);
        }
        var was = state.State.Halted;
        if (was is null)
        {
            // Non-reentrant grain: any step in progress has finished, so the cursor stands still from here.
            state.State.Halted = $"paused by an operator: {reason.ReplaceLineEndings(" ").Trim()}";
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Not persisted, so not paused: the caller sees the failure and may try again.
                state.State.Halted = null;
                throw;
            }
            logger.LogWarning("Follower of {Chain} paused after block {Cursor}: {Reason}", this.GetPrimaryKeyString(),
                state.State.Cursor?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)", reason);
        }
        return new ChainHaltResult(this.GetPrimaryKeyString(), was is null, state.State.Halted, was, state.State.Cursor);
    }

    /// <summary>The keep-alive reminder needs no work: being activated to receive it restarts the follower.</summary>
    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) => Task.CompletedTask;

    private async Task PollCoreAsync(CancellationToken ct)
    {
        if (_follower is null)
        {
            return;
        }
        var reorgs = state.State.Reorgs;
        var more = await _follower.StepAsync(ct);
        if (_follower.LastError is not null)
        {
            metrics.FollowErrors.Add(1);
        }
        if (state.State.Reorgs != reorgs)
        {
            metrics.Reorgs.Add((long)(state.State.Reorgs - reorgs));
        }
        if (more)
        {
            // Catching up: go on at once, but as a new timer turn so other calls get in between batches.
            _timer?.Change(TimeSpan.Zero, TimeSpan.FromMilliseconds(Math.Max(10, options.Value.PollIntervalMs)));
        }
    }

    private async Task ListenForHeadsAsync(IChainGrain self, IEthereumSource source, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var _ in source.NewHeadsAsync(ct))
                {
                    await self.PollAsync();
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogDebug("newHeads subscription ended ({Error}); polling continues", e.Message);
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

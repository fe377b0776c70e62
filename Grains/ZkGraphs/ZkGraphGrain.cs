using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wsc.Chain;
using Wsc.Chain.Rpc;
using Wsc.Grains.Consensus;
using Wsc.Grains.Proving;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Grains.Interfaces.Proving;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Storage.Web3;
using Wsc.Zk.Graph;
using Wsc.Zk.Vm;
using TickInput = Wsc.Zk.Graph.TickInput;

namespace Wsc.Grains.ZkGraphs;

/// <summary>
/// One graph: on first use it loads its program from the storage network (owner signature and roots checked, image id
/// equal to the registered one), then runs each tick it is given on the bounded worker and records one output per block
/// hash. Runs that cannot start (program or blob missing, slots unprovable) are failed records: the clock never waits
/// on a broken graph. Outputs live in the output store, so the grain holds only the loaded program.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed in OnDeactivateAsync, the grain's end of life.")]
public sealed class ZkGraphGrain(
    IZkGraphOutputStore store,
    ZkGraphWorker worker,
    Automation.IAutomationStore automationStore,
    Automation.AutomationOptions automation,
    ILogger<ZkGraphGrain> logger) : Grain, IZkGraphGrain
{
    private ZkGraphInfo? _info;
    private ZkGraphManifest? _manifest;
    private Executor? _executor;
    private IReadOnlyList<byte[]>? _blobs;
    private EthRpcClient? _rpc;
    private ulong? _settledThrough;
    private List<DataDestination>? _destinations;
    private bool _ranSinceSettle = true;

    // Whether the last look found automation transactions whose inclusion is not final (unknown after activation).
    private bool _automationUnconfirmed = true;
    private byte[]? _elf;
    private ulong? _backfilledThrough;

    /// <summary>How long one settle may spend delivering destinations.</summary>
    private static readonly TimeSpan DeliveryBudget = TimeSpan.FromMilliseconds(250);

    /// <summary>Without a finalized block from the node, an automation transaction is watched until this deep.</summary>
    private const ulong ReorgWatchDepth = 64;

    /// <summary>Blocks fetched and run per backfill step.</summary>
    private const int BackfillChunk = 64;
    private Orleans.Streams.IAsyncStream<ZkGraphOutput[]>? _feed;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _rpc?.Dispose();
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<ZkGraphOutput>> RunAsync(IReadOnlyList<ZkGraphTick> ticks)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        var (_, id) = ZkGraphKeys.ParseGraph(this.GetPrimaryKeyString());
        var stored = (await store.FindAsync(id, [.. ticks.Select(t => t.Hash)])).ToDictionary(o => o.Hash);
        var results = new ZkGraphOutput?[ticks.Count];
        var changed = new List<ZkGraphOutput>();
        var todo = new List<int>();
        for (var i = 0; i < ticks.Count; i++)
        {
            if (stored.TryGetValue(ticks[i].Hash, out var o))
            {
                // Replayed (at-least-once delivery): the stored record stands. A block canonical again after a reorg
                // back gets its output back; the run is deterministic, so it need not run again.
                if (o.Status == ZkGraphOutputStatus.Orphaned)
                {
                    o = o with { Status = o.Error is not null ? ZkGraphOutputStatus.Failed : ticks[i].Final ? ZkGraphOutputStatus.Final : ZkGraphOutputStatus.Executed };
                    changed.Add(o);
                }
                results[i] = o;
            }
            else
            {
                todo.Add(i);
            }
        }
        if (todo.Count > 0)
        {
            var problem = await LoadAsync(id);
            var inputs = new List<(int Index, byte[] Input)>();
            foreach (var i in todo)
            {
                if (problem is not null)
                {
                    results[i] = ZkGraphOutcome.Failed(id, ticks[i], problem);
                    continue;
                }
                try
                {
                    inputs.Add((i, await CompleteInputAsync(ticks[i])));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    results[i] = ZkGraphOutcome.Failed(id, ticks[i], "input not assembled: " + e.Message);
                }
            }
            var proofs = new List<(ZkGraphOutput Output, byte[] Input)>();
            if (inputs.Count > 0)
            {
                var runs = await worker.RunManyAsync(_executor!, [.. inputs.Select(x => x.Input)]);
                var proves = Proves();
                for (var k = 0; k < inputs.Count; k++)
                {
                    var output = ZkGraphOutcome.From(id, ticks[inputs[k].Index], runs[k]);
                    if (proves && output.Status != ZkGraphOutputStatus.Failed)
                    {
                        output = output with { ReceiptId = ProofJobKeys.ForOutput(id, output.Hash) };
                        proofs.Add((output, inputs[k].Input));
                    }
                    results[inputs[k].Index] = output;
                }
            }
            // Jobs first, then the outputs that name them: a crash between the two replays the tick, which runs again
            // and finds its jobs (same ids), so no stored output names a job that was never created.
            await StartProofsAsync(proofs);
            changed.AddRange(todo.Select(i => results[i]!));
        }
        if (changed.Count > 0)
        {
            await store.SaveAsync(changed);
            _ranSinceSettle = true;
            await PublishAsync(changed);
        }
        return results!;
    }

    public async Task<IReadOnlyList<ZkGraphOutput>> OutputsAsync(ulong? from, ulong? to)
    {
        var (chain, id) = ZkGraphKeys.ParseGraph(this.GetPrimaryKeyString());
        var info = _info ?? await GrainFactory.GetGrain<IZkGraphRegistryGrain>(chain).GetAsync(id)
            ?? throw new ArgumentException($"graph '{id}' is not deployed on {chain}");
        var status = await GrainFactory.GetGrain<IChainGrain>(chain).GetStatusAsync();
        var head = status.Head?.Number;
        var hi = to ?? head ?? 0;
        var lo = from ?? (hi >= 19 ? hi - 19 : 0);
        if (lo > hi)
        {
            return [];
        }
        if (hi - lo >= 1000)
        {
            throw new ArgumentException($"output range {lo}..{hi} spans more than 1000 blocks");
        }
        var outputs = await store.RangeAsync(id, lo, hi);
        var receipts = await ReceiptStatesAsync(outputs);
        return [.. outputs.Select(o => o with
        {
            Status = ZkGraphFinalityRule.Status(o, info.Finality, head, status.Safe, status.Finalized),
            ReceiptState = o.ReceiptId is { } r ? receipts.GetValueOrDefault(r, "missing") : null,
        })];
    }

    /// <summary>Proof jobs run on this silo when it has a job store and `Proving:Enabled`, for graphs whose manifest proves.</summary>
    private bool Proves() =>
        _manifest is { Proves: true } && ServiceProvider.GetService<IProofJobStore>() is not null
        && ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProvingOptions>>().Value.Enabled;

    /// <summary>
    /// Starts one proof job per proven output (job id from graph and block hash, so a replayed tick finds its job).
    /// Awaited, so the job is stored before the tick is done; a job that does not start is logged and the output keeps
    /// its receipt id, whose state then reads `missing`.
    /// </summary>
    private async Task StartProofsAsync(List<(ZkGraphOutput Output, byte[] Input)> proofs)
    {
        await Task.WhenAll(proofs.Select(async p =>
        {
            try
            {
                await GrainFactory.GetGrain<IProofJobGrain>(p.Output.ReceiptId!).StartAsync(new ProofRequest(_elf!, p.Input, p.Output.GraphId, p.Output.Number, p.Output.Hash));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("zkGraph {Graph} block {Number}: proof job not started: {Error}", p.Output.GraphId, p.Output.Number, e.Message.ReplaceLineEndings(" "));
            }
        }));
    }

    /// <summary>The printed state of each receipt the outputs name (jobs not found are left out).</summary>
    private async Task<Dictionary<string, string>> ReceiptStatesAsync(IReadOnlyList<ZkGraphOutput> outputs)
    {
        var ids = outputs.Select(o => o.ReceiptId).OfType<string>().ToArray();
        if (ids.Length == 0 || ServiceProvider.GetService<IProofJobStore>() is not { } jobs)
        {
            return [];
        }
        var states = await jobs.StatesAsync(ids);
        var texts = new Dictionary<string, string>();
        foreach (var (job, state) in states)
        {
            texts[job] = state == ProofJobState.Failed ? (await jobs.GetAsync(job))?.StateText ?? "failed" : state.ToString().ToLowerInvariant();
        }
        return texts;
    }

    public async Task<int> SettleAsync(ulong? head, ulong? safe, ulong? finalized)
    {
        var (chain, id) = ZkGraphKeys.ParseGraph(this.GetPrimaryKeyString());
        var info = _info ?? await GrainFactory.GetGrain<IZkGraphRegistryGrain>(chain).GetAsync(id)
            ?? throw new ArgumentException($"graph '{id}' is not deployed on {chain}");
        await BackfillStepAsync(chain, id, info);
        // Outputs recorded after the last settle at heights already settled are stored final by RunAsync only when their
        // tick was final; so the bound is re-applied whenever it is known, and the store call is skipped only when
        // nothing was run since and the bound did not move.
        ulong confirmedThrough = finalized ?? (head is ulong h && h > ReorgWatchDepth ? h - ReorgWatchDepth : 0);
        if (ZkGraphFinalityRule.FinalThrough(info.Finality, head, safe, finalized) is not ulong through
            || (_settledThrough == through && !_ranSinceSettle))
        {
            // A reorg can drop an included automation transaction without moving the bound or running the graph (the
            // replacing blocks may hold nothing for it): unconfirmed ones are re-checked on every settle, not only when
            // the bound moves, or a quiet chain would never see the transaction sent again.
            if (_automationUnconfirmed)
            {
                await WatchAutomationAsync(chain, id, confirmedThrough);
            }
            return 0;
        }
        _ranSinceSettle = false;
        var changed = await store.FinalizeAsync(id, through);
        _settledThrough = through;
        if (changed.Count > 0)
        {
            await PublishAsync(changed);
        }
        await DeliverAsync(chain, id, info);
        await WatchAutomationAsync(chain, id, confirmedThrough);
        return changed.Count;
    }

    /// <summary>
    /// Re-checks this graph's automation transactions whose inclusion is not final yet (at most 32 a settle, oldest
    /// nonce first): one whose block a reorg dropped is sent again (the same bytes, the same nonce) or, stuck under the
    /// base fee, replaced with higher fees; a new inclusion is written into the output's destination results.
    /// </summary>
    private async Task WatchAutomationAsync(string chain, string id, ulong confirmedThrough)
    {
        if (_destinations is not { Count: > 0 } || !_destinations.Any(d => d.Kind == "ethereum") || automation.PrivateKey() is not { } key)
        {
            _automationUnconfirmed = false;
            return;
        }
        var watched = await automationStore.WatchedAsync(id, confirmedThrough, 32);
        _automationUnconfirmed = watched.Count > 0;
        if (watched.Count == 0)
        {
            return;
        }
        _rpc ??= new EthRpcClient((await ServiceProvider.GetRequiredService<EthereumEndpoint>().WhenReadyAsync()).Rpc);
        var sender = new Automation.AutomationSender(_rpc, automationStore, key, ChainKeys.ParseChainId(chain));
        var changed = new List<Automation.AutomationTransaction>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            foreach (var tx in watched.OrderBy(t => t.Nonce))
            {
                var now = await sender.CheckAsync(tx, timeout.Token);
                if (now.IncludedIn != tx.IncludedIn || now.IncludedHash != tx.IncludedHash || now.TxHash != tx.TxHash)
                {
                    changed.Add(now);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("zkGraph {Graph} automation transactions not checked: {Error}", id, e.Message.ReplaceLineEndings(" "));
        }
        if (changed.Count == 0)
        {
            return;
        }
        // Outputs already delivered show the inclusion they were delivered with: rewrite their ethereum results.
        var outputs = (await store.FindAsync(id, [.. changed.Select(t => t.BlockHash)])).ToDictionary(o => o.Hash);
        var rewritten = new List<ZkGraphOutput>();
        foreach (var tx in changed)
        {
            if (outputs.TryGetValue(tx.BlockHash, out var o) && o.Destinations.Length > 0)
            {
                var hashes = tx.Hashes.Append(tx.IncludedHash).OfType<string>().ToHashSet();
                var results = o.Destinations.Select(r => r.Split(' ') is ["ethereum", var to, var hash, ..] && hashes.Contains(hash)
                    ? tx.Result(to.TrimEnd(':'))
                    : r).ToArray();
                rewritten.Add(o with { Destinations = results });
            }
        }
        if (rewritten.Count > 0)
        {
            await store.SaveAsync(rewritten);
        }
    }

    /// <summary>
    /// Fires the destinations of final outputs not yet delivered, in manifest order: `ethereum` ones send the automation
    /// transaction, `storage` ones write the output under the owner's prefix grant. An output's destination results stay
    /// empty until every destination answered, so a crash or a failed delivery is picked up on a later settle (by the same
    /// stored transaction; a storage file already holding the output is not written again). Outputs with a receipt id
    /// wait until that receipt verified: what leaves the cluster is proven.
    /// </summary>
    private async Task DeliverAsync(string chain, string id, ZkGraphInfo info)
    {
        _destinations ??= [.. ZkGraphManifest.Parse(info.Manifest).Destinations.Where(d => d.Kind is "ethereum" or "storage")];
        if (_destinations.Count == 0 || automation.PrivateKey() is not { } key)
        {
            return;
        }
        var chainId = ChainKeys.ParseChainId(chain);
        Automation.AutomationSender? sender = null;
        if (_destinations.Any(d => d.Kind == "ethereum"))
        {
            _rpc ??= new EthRpcClient((await ServiceProvider.GetRequiredService<EthereumEndpoint>().WhenReadyAsync()).Rpc);
            sender = new Automation.AutomationSender(_rpc, automationStore, key, chainId)
            {
                AfterPersist = automation.FaultHook("after-persist"),
                AfterSend = automation.FaultHook("after-send"),
            };
        }
        var undelivered = await store.UndeliveredAsync(id, 32);
        // A proving graph's destinations fire only once the output's receipt verified: what leaves the cluster is proven.
        var receipts = ServiceProvider.GetService<IProofJobStore>() is { } jobs
            ? await jobs.StatesAsync([.. undelivered.Select(o => o.ReceiptId).OfType<string>()])
            : new Dictionary<string, ProofJobState>();
        // Deliveries run in this grain's turn, so the graph's next runs wait for them: a settle delivers for at most
        // DeliveryBudget and leaves the rest to the next one (a second later), so ticks are never held up for long.
        var budget = System.Diagnostics.Stopwatch.StartNew();
        foreach (var output in undelivered)
        {
            if (output.ReceiptId is { } receipt && receipts.GetValueOrDefault(receipt, ProofJobState.Queued) != ProofJobState.Verified)
            {
                _ranSinceSettle = true;
                continue;
            }
            if (budget.Elapsed > DeliveryBudget)
            {
                _ranSinceSettle = true;
                return;
            }
            // In the trace of the output's tick (Consensus.TickTracing), though it is delivered at a later settle.
            using var span = TickTracing.StartForBlock("zkgraph deliver", output.Hash);
            span?.SetTag("wsc.zkgraph.id", id);
            span?.SetTag("wsc.tick.number", (long)output.Number);
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                var results = new List<string>();
                var pending = false;
                foreach (var d in _destinations)
                {
                    if (d.Kind == "ethereum")
                    {
                        var to = new Address(d.Address!);
                        var sent = await sender!.FireAsync(output, to, timeout.Token);
                        // A transaction the node has not mined yet leaves the output undelivered: recording "sent" would end
                        // the deliveries, and its inclusion would never be read. The next settle checks it again (same bytes).
                        pending |= sent.IncludedIn is null;
                        results.Add(sent.Result(to.ToString()));
                    }
                    else if (info.Grants is not { Length: > 0 })
                    {
                        // Deployed on a cluster without a writer key, so without grants: nothing may be written for it.
                        results.Add($"storage {d.UrlFor(output.Number)}: not written (the graph was deployed without a prefix grant)");
                    }
                    else
                    {
                        var (wire, grant) = ZkGraphGrants.Covering(d, id, info.Grants ?? [], key.Address, chainId);
                        results.Add(await new ZkGraphStorageWriter(GrainFactory, key).WriteAsync(StorageUrl.Parse(d.UrlFor(output.Number)), output.Output, grant, wire));
                    }
                }
                if (pending)
                {
                    _ranSinceSettle = true;
                    continue;
                }
                await store.SaveAsync([output with { Destinations = [.. results] }]);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next settle tries again, from the stored transaction.
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message.ReplaceLineEndings(" "));
                _ranSinceSettle = true;
                logger.LogWarning("zkGraph {Graph} output of block {Number} not delivered yet: {Error}", id, output.Number, e.Message.ReplaceLineEndings(" "));
                return;
            }
        }
    }

    /// <summary>
    /// One step of the backfill of a graph deployed with a past `startBlock` (<see cref="ZkGraphInfo.BackfillTo"/>): the
    /// next <see cref="BackfillChunk"/> blocks fetched from the node in bulk (headers re-hashed, receipts against their
    /// roots), kept only where the tick ledger has the same canonical hash, and run as ticks are. Driven by the settle
    /// calls (every second); the cursor is persisted in the registry after each step (<see cref="ZkGraphInfo.BackfilledThrough"/>),
    /// so a new activation continues after it; a step replayed after a crash finds its outputs stored (a no-op).
    /// </summary>
    private async Task BackfillStepAsync(string chain, string id, ZkGraphInfo info)
    {
        if (info.BackfillTo is not ulong to || info.Status != ZkGraphStatus.Active)
        {
            return;
        }
        var resumed = _backfilledThrough is null && info.BackfilledThrough is not null;
        _backfilledThrough ??= info.BackfilledThrough;
        var next = _backfilledThrough is ulong done ? done + 1 : ZkGraphManifest.Parse(info.Manifest).StartBlock ?? to + 1;
        if (next > to)
        {
            return;
        }
        if (resumed)
        {
            logger.LogInformation("zkGraph {Graph} backfill resumes at block {Next} (persisted cursor)", id, next);
        }
        try
        {
            _rpc ??= new EthRpcClient((await ServiceProvider.GetRequiredService<EthereumEndpoint>().WhenReadyAsync()).Rpc);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var last = Math.Min(to, next + BackfillChunk - 1);
            var canonical = new Dictionary<ulong, TickRecord>();
            for (var page = next / ITickLedgerGrain.PageSize; page <= last / ITickLedgerGrain.PageSize; page++)
            {
                var lo = Math.Max(next, page * ITickLedgerGrain.PageSize);
                var hi = Math.Min(last, ((page + 1) * ITickLedgerGrain.PageSize) - 1);
                foreach (var r in await GrainFactory.GetGrain<ITickLedgerGrain>(ChainKeys.Ledger(chain, lo)).GetAsync(lo, hi))
                {
                    if (r.Status is TickState.Executed or TickState.Final)
                    {
                        canonical[r.Number] = r;
                    }
                }
            }
            var blocks = await _rpc.GetRawBlocksAsync(next, (int)(last - next + 1), timeout.Token);
            var matcher = new ZkGraphMatcher(ChainKeys.ParseChainId(chain), [info.Subscription]);
            var ticks = blocks.Where(b => canonical.TryGetValue(b.Number, out var r) && r.Hash == b.Hash.ToString())
                .SelectMany(b => matcher.Match(new ZkGraphBlock(Wsc.Chain.Types.BlockHeader.Decode(b.HeaderRlp), b.Receipts, canonical[b.Number].Status == TickState.Final)))
                .Select(m => m.Tick).ToList();
            if (ticks.Count > 0)
            {
                await RunAsync(ticks);
            }
            if (blocks.Count > 0)
            {
                // The cursor is persisted in the registry: a new activation (a restarted silo) continues after it.
                await GrainFactory.GetGrain<IZkGraphRegistryGrain>(chain).BackfilledAsync(id, blocks[^1].Number);
                _backfilledThrough = blocks[^1].Number;
            }
            if (_backfilledThrough == to)
            {
                logger.LogInformation("zkGraph {Graph} backfilled through block {To}", id, to);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next settle tries the same blocks again.
            logger.LogWarning("zkGraph {Graph} backfill from block {Next} not done yet: {Error}", id, next, e.Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>
    /// Pushes recorded outputs to the graph's live feed (<see cref="Wsc.Grains.Interfaces.LiveFeeds"/>), one item per run or settle. Stored
    /// first, published after: a feed that fails loses nothing durable, so its failure is logged, never the run's.
    /// </summary>
    private async Task PublishAsync(IReadOnlyList<ZkGraphOutput> outputs)
    {
        try
        {
            _feed ??= this.GetStreamProvider(Wsc.Grains.Interfaces.LiveFeeds.Provider)
                .GetStream<ZkGraphOutput[]>(StreamId.Create(Wsc.Grains.Interfaces.LiveFeeds.ZkGraphOutputsNamespace, this.GetPrimaryKeyString()));
            await _feed.OnNextAsync([.. outputs.OrderBy(o => o.Number)]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("zkGraph {Graph} outputs not published to its live feed: {Error}", this.GetPrimaryKeyString(), e.Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>The tick's input with this graph's slots and blobs added (the tick path supplies header and logs).</summary>
    private async Task<byte[]> CompleteInputAsync(ZkGraphTick tick)
    {
        var manifest = _manifest!;
        if (manifest.StorageSlots.Count == 0 && manifest.BlobUrls.Count == 0)
        {
            return tick.Input;
        }
        var input = TickInput.Decode(tick.Input);
        if (manifest.StorageSlots.Count > 0)
        {
            _rpc ??= new EthRpcClient((await ServiceProvider.GetRequiredService<EthereumEndpoint>().WhenReadyAsync()).Rpc);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            input = input with { Slots = await TickInputAssembler.For(input.ChainId, manifest).SlotsAsync(_rpc, new Hash32(input.ParentHash), timeout.Token) };
        }
        return (input with { Blobs = _blobs! }).Encode();
    }

    /// <summary>Loads the program (once) and the blobs (until they all load); null when ready, else why not, in one line.</summary>
    private async Task<string?> LoadAsync(string id)
    {
        try
        {
            if (_executor is null)
            {
                var (chain, _) = ZkGraphKeys.ParseGraph(this.GetPrimaryKeyString());
                var info = await GrainFactory.GetGrain<IZkGraphRegistryGrain>(chain).GetAsync(id)
                    ?? throw new InvalidDataException($"graph {id} is not deployed on {chain}");
                var url = StorageUrl.Parse(info.ProgramUrl);
                var file = await GrainFactory.GetGrain<IStorageGatewayGrain>(0).ReadAsync(url.Owner.ToString(), url.ChainId, url.Path);
                if (ZkGraphDeployCheck.FileProblem(file, url.ChainId, url.Owner, url.Path) is string problem)
                {
                    throw new InvalidDataException(problem);
                }
                var image = ProgramImage.FromElf(file!.Bytes);
                _elf = file.Bytes;
                if (image.Id.ToString() != info.ImageId)
                {
                    throw new InvalidDataException($"{info.ProgramUrl} now has image id {image.Id}, the graph was deployed with {info.ImageId}");
                }
                _manifest = ZkGraphManifest.Parse(info.Manifest);
                _executor = new Executor(image, worker.Options);
                _info = info;
            }
            if (_blobs is null)
            {
                var blobs = new List<byte[]>();
                foreach (var text in _manifest!.BlobUrls)
                {
                    var url = StorageUrl.Parse(text);
                    var file = await GrainFactory.GetGrain<IStorageGatewayGrain>(0).ReadAsync(url.Owner.ToString(), url.ChainId, url.Path);
                    if (ZkGraphDeployCheck.FileProblem(file, url.ChainId, url.Owner, url.Path) is string problem)
                    {
                        throw new InvalidDataException("blob " + problem);
                    }
                    blobs.Add(file!.Bytes);
                }
                _blobs = blobs;
            }
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or FormatException or ElfFormatException or ManifestException or Web3UrlException)
        {
            logger.LogWarning("zkGraph {Graph} cannot run: {Error}", id, e.Message);
            return e.Message.ReplaceLineEndings(" ");
        }
    }
}

using Microsoft.Extensions.Logging;
using Wsc.Chain;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Zk.Graph;

namespace Wsc.Grains.ZkGraphs;

/// <summary>
/// The graphs of one chain. A deploy is checked whole (signature, nonce, the files on the storage network, digest and
/// image id) before anything changes; the state is written once, so a refused or failed deploy leaves no trace.
/// </summary>
public sealed class ZkGraphRegistryGrain(
    [PersistentState("zkgraphs", "wsc")] IPersistentState<ZkGraphRegistryState> state,
    IZkGraphOutputStore outputs,
    Automation.AutomationOptions automation,
    ILogger<ZkGraphRegistryGrain> logger) : Grain, IZkGraphRegistryGrain
{
    private IReadOnlyList<ZkGraphSubscription>? _subscriptions;
    private IGrainTimer? _settleTimer;

    /// <summary>How often the registry hands the chain's head, safe and finalized heights to its graphs.</summary>
    internal static readonly TimeSpan SettlePeriod = TimeSpan.FromSeconds(1);

    private ulong ChainId => ChainKeys.ParseChainId(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Finality is stored, not only derived on read: destinations fire on the stored status. The tick path keeps
        // this grain active (it asks for subscriptions every tick), so its timer follows the chain's heights.
        _settleTimer = this.RegisterGrainTimer(SettleAsync, new GrainTimerCreationOptions
        {
            DueTime = SettlePeriod,
            Period = SettlePeriod,
            Interleave = true,
        });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _settleTimer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<ulong> NextNonceAsync(string deployer) =>
        Task.FromResult(state.State.Nonces.GetValueOrDefault((deployer ?? "").ToLowerInvariant()));

    public Task<string?> WriterAsync() => Task.FromResult(automation.PrivateKey()?.Address.ToString());

    public async Task<ZkGraphInfo> DeployAsync(ZkGraphDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var deployer = deployment.Deployer?.ToLowerInvariant() ?? "";
        if (ZkGraphDeployCheck.Problem(deployment, ChainId, state.State.Nonces.GetValueOrDefault(deployer)) is string problem)
        {
            throw new ArgumentException(problem);
        }
        // The cluster loads what it will run from the storage network itself and checks it against the signed message.
        var gateway = GrainFactory.GetGrain<IStorageGatewayGrain>(0);
        var manifestFile = await gateway.ReadAsync(deployer, ChainId, ZkGraphKeys.ManifestPath(deployment.Name));
        var programFile = await gateway.ReadAsync(deployer, ChainId, ZkGraphKeys.ProgramPath(deployment.Name));
        var (manifest, image) = ZkGraphDeployCheck.Files(deployment, manifestFile, programFile);
        var id = ZkGraphIdentity.GraphId(deployment.ManifestDigest.ToLowerInvariant(), image.Id);
        if (state.State.Graphs.TryGetValue(id, out var existing) && existing.Status != ZkGraphStatus.Removed)
        {
            throw new ArgumentException($"graph {id} ({existing.Name}) is already deployed on chain {ChainId}");
        }
        var grants = deployment.Grants ?? [];
        if (ZkGraphGrants.Problem(manifest, id, grants, automation.PrivateKey()?.Address, ChainId) is string grantProblem)
        {
            throw new ArgumentException(grantProblem);
        }
        // Blocks ticked before the deploy are the backfill's; the ones after reach the graph through its subscription. A tick
        // in flight now may be met by both: runs are idempotent per (graph, block hash).
        ulong? backfillTo = null;
        if (manifest.StartBlock is { } start
            && (await GrainFactory.GetGrain<Wsc.Grains.Interfaces.Consensus.IChainGrain>(this.GetPrimaryKeyString()).GetStatusAsync()).Head?.Number is { } head
            && head >= start)
        {
            backfillTo = head;
        }
        var info = new ZkGraphInfo(id, manifest.Name, ChainId, deployer, deployment.ManifestDigest.ToLowerInvariant(), image.Id.ToString(),
            StorageKeys.Url(deployer, ChainId, ZkGraphKeys.ProgramPath(manifest.Name)), StorageKeys.Url(deployer, ChainId, ZkGraphKeys.ManifestPath(manifest.Name)),
            System.Text.Encoding.UTF8.GetString(manifestFile!.Bytes), ZkGraphStatus.Active, DateTime.UtcNow,
            ZkGraphDeployCheck.Subscription(id, manifest), ZkGraphDeployCheck.Finality(manifest), grants.Length > 0 ? grants : null, backfillTo);
        await WriteAsync(s =>
        {
            s.Graphs[id] = info;
            s.Nonces[deployer] = deployment.Nonce + 1;
        });
        logger.LogInformation("zkGraph {Name} {Id} deployed by {Deployer} (image {Image})", info.Name, id, deployer, info.ImageId);
        return info;
    }

    public async Task<ZkGraphInfo> ControlAsync(ZkGraphControl control)
    {
        ArgumentNullException.ThrowIfNull(control);
        var id = (control.GraphId ?? "").ToLowerInvariant();
        if (!state.State.Graphs.TryGetValue(id, out var graph) || graph.Status == ZkGraphStatus.Removed)
        {
            throw new ArgumentException($"graph '{control.GraphId}' is not deployed on chain {ChainId}");
        }
        if (ZkGraphDeployCheck.Problem(control, ChainId, Address.Parse(graph.Deployer), state.State.Nonces.GetValueOrDefault(graph.Deployer)) is string problem)
        {
            throw new ArgumentException(problem);
        }
        var status = control.Action switch
        {
            ZkGraphAction.Pause => ZkGraphStatus.Paused,
            ZkGraphAction.Resume => ZkGraphStatus.Active,
            ZkGraphAction.Remove => ZkGraphStatus.Removed,
            _ => throw new ArgumentException($"action {control.Action}: expected pause, resume or remove"),
        };
        var updated = graph with { Status = status };
        await WriteAsync(s =>
        {
            s.Graphs[id] = updated;
            s.Nonces[graph.Deployer] = control.Nonce + 1;
        });
        logger.LogInformation("zkGraph {Name} {Id}: {Action}", graph.Name, id, control.Action);
        return updated;
    }

    public Task<IReadOnlyList<ZkGraphInfo>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ZkGraphInfo>>([.. state.State.Graphs.Values.Where(g => g.Status != ZkGraphStatus.Removed)
            .OrderBy(g => g.DeployedUtc).ThenBy(g => g.Id, StringComparer.Ordinal)]);

    public Task<ZkGraphInfo?> GetAsync(string graphId) =>
        Task.FromResult(state.State.Graphs.GetValueOrDefault((graphId ?? "").ToLowerInvariant()));

    public Task<IReadOnlyList<ZkGraphSubscription>> SubscriptionsAsync() =>
        Task.FromResult(_subscriptions ??= [.. state.State.Graphs.Values.Where(g => g.Status == ZkGraphStatus.Active)
            .OrderBy(g => g.Id, StringComparer.Ordinal).Select(g => g.Subscription)]);

    public async Task RetractAsync(ulong number, string hash)
    {
        if (state.State.Graphs.Count > 0)
        {
            await outputs.OrphanAsync(number, hash);
        }
    }

    public async Task BackfilledAsync(string graphId, ulong through)
    {
        var id = (graphId ?? "").ToLowerInvariant();
        if (!state.State.Graphs.TryGetValue(id, out var graph))
        {
            throw new ArgumentException($"graph '{graphId}' is not deployed on {this.GetPrimaryKeyString()}");
        }
        if (graph.BackfillTo is not ulong to || through > to)
        {
            throw new ArgumentException($"graph {id}: block {through} is outside its backfill (through {graph.BackfillTo?.ToString() ?? "none"})");
        }
        if (graph.BackfilledThrough >= through)
        {
            return;
        }
        await WriteAsync(s => s.Graphs[id] = graph with { BackfilledThrough = through });
    }

    /// <summary>Hands the chain's heights to every graph not removed (paused graphs' outputs still become final).</summary>
    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        var graphs = state.State.Graphs.Values.Where(g => g.Status != ZkGraphStatus.Removed).ToList();
        if (graphs.Count == 0)
        {
            return;
        }
        try
        {
            var status = await GrainFactory.GetGrain<Wsc.Grains.Interfaces.Consensus.IChainGrain>(this.GetPrimaryKeyString()).GetStatusAsync();
            await Task.WhenAll(graphs.Select(g => GrainFactory.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph(this.GetPrimaryKeyString(), g.Id))
                .SettleAsync(status.Head?.Number, status.Safe, status.Finalized)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next period tries again: settling is idempotent.
            logger.LogWarning("zkGraph outputs not settled: {Error}", e.Message.ReplaceLineEndings(" "));
        }
    }

    // Changes apply to a copy, so a failed write leaves the in-memory state as it was.
    private async Task WriteAsync(Action<ZkGraphRegistryState> change)
    {
        var before = new ZkGraphRegistryState { Graphs = new(state.State.Graphs), Nonces = new(state.State.Nonces) };
        change(state.State);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = before;
            throw;
        }
        finally
        {
            _subscriptions = null;
        }
    }
}

using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Grains.Consensus;

/// <summary>
/// <see cref="IChainAdmin"/> for the chain grain, installed on every silo with
/// <see cref="ChainAdminSiloBuilderExtensions.AddWscChainAdmin"/>. It runs inside the chain grain's activation (one
/// turn, nothing interleaves), rewrites the persisted follower state, retracts the abandoned ticks and deactivates
/// the activation, so the keep-alive re-activates the follower from the new cursor within seconds.
/// </summary>
public sealed partial class ChainAdminExtension(
    IGrainContext context,
    IServiceProvider services,
    IEthereumSourceFactory sources,
    IOptions<EthereumOptions> options,
    IGrainFactory grains,
    ILogger<ChainAdminExtension> logger) : IChainAdmin
{
    /// <summary>The chain grain's state: must match its <c>[PersistentState("chain", "wsc")]</c>.</summary>
    internal const string StateName = "chain";

    /// <summary>The storage provider every grain uses.</summary>
    internal const string StorageName = "wsc";

    private const int Batch = 64;

    public async Task<ChainResetResult> ResetFromAsync(ulong from)
    {
        if (context.GrainInstance is not IChainGrain)
        {
            throw new InvalidOperationException($"IChainAdmin serves chain grains only, not {context.GrainId}");
        }
        var chain = context.GrainId.Key.ToString()!;
        var opts = options.Value;
        if (ChainKeys.ParseChainId(chain) != opts.ChainId)
        {
            throw new InvalidOperationException($"this silo follows chain {opts.ChainId}, not {chain}");
        }
        // The activation's own copy is left alone: the write below changes the ETag, so a stale write from it
        // would fail, and the activation is deactivated at the end of this turn anyway.
        var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageName);
        var saved = new GrainState<FollowerState>(new FollowerState());
        await storage.ReadStateAsync(StateName, context.GrainId, saved);
        var state = saved.State ?? new FollowerState();
        FollowerReset.Check(state, from, opts.StartBlock);
        var sink = new GrainTickSink(grains, chain);

        string? parent = null;
        if (from > opts.StartBlock)
        {
            await using var source = await sources.CreateAsync(CancellationToken.None);
            var below = from - 1;
            var header = await source.HeaderAsync(below, CancellationToken.None)
                ?? throw new InvalidOperationException($"the node has no block {N(below)}");
            var ticked = await sink.CanonicalHashAsync(below);
            if (ticked != header.Hash)
            {
                throw new InvalidOperationException($"the node's block {N(below)} is {header.Hash} but the tick there is {ticked ?? "missing"}: "
                    + "reset from a block whose parent the node and the ticks agree on (at most the fork point + 1)");
            }
            parent = header.Hash;
        }

        // Everything to orphan is found before anything changes, so a final tick up there refuses the whole reset.
        var abandoned = new List<TickRecord>();
        if (state.Cursor is ulong cursor)
        {
            // One read per ledger page (the tick records live there), not one grain per height.
            var reads = new List<Task<IReadOnlyList<TickRecord>>>();
            for (var start = from; start <= cursor; start = ((start / ITickLedgerGrain.PageSize) + 1) * ITickLedgerGrain.PageSize)
            {
                reads.Add(grains.GetGrain<ITickLedgerGrain>(ChainKeys.Ledger(chain, start)).GetAsync(from, cursor));
            }
            foreach (var record in (await Task.WhenAll(reads)).SelectMany(r => r).Where(r => r.Status != TickState.Orphaned))
            {
                if (record.Status == TickState.Final)
                {
                    throw new InvalidOperationException($"block {N(record.Number)} {record.Hash} is ticked final: final ticks are never rewritten, reset from above it");
                }
                abandoned.Add(record);
            }
        }

        var halt = state.Halted!;
        var previous = state.Cursor;
        FollowerReset.Apply(state, from, opts.StartBlock, parent);
        saved.State = state;
        // The cursor moves back before any tick is retracted (as in a reorg): a crash in between leaves ticks above the
        // cursor that the new branch orphans as it reaches their heights.
        await storage.WriteStateAsync(StateName, context.GrainId, saved);
        LogReset(logger, chain, from, previous?.ToString(CultureInfo.InvariantCulture) ?? "(none)", abandoned.Count, halt);
        foreach (var chunk in abandoned.Chunk(Batch))
        {
            await Task.WhenAll(chunk.Select(r => sink.RetractAsync(r.Number, r.Hash)));
        }
        context.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "follower reset by an operator"), CancellationToken.None);
        return new ChainResetResult(chain, from, parent, previous, abandoned.Count, halt);
    }

    private static string N(ulong n) => n.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Follower of {Chain} reset by an operator to re-tick from block {From} (cursor was {Previous}, {Orphaned} ticks orphaned); it had halted: {Halt}")]
    private static partial void LogReset(ILogger logger, string chain, ulong from, string previous, int orphaned, string halt);
}

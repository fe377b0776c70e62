using System.CommandLine;
using Wsc.Client.Cli;
using Orleans.Runtime;
using Orleans.Streams;
using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Client.Commands;

/// <summary>`wsc ticks [--from N] [--to M] [--follow]`: tick records, orphans included (at most 1000 heights); then live ticks from the cluster's feed.</summary>
public sealed class TicksCommand : ICommandGroup
{
    public Command Build()
    {
        var from = new Option<ulong?>("--from") { Description = "first block (default: 19 below --to)" };
        var to = new Option<ulong?>("--to") { Description = "last block (default: the head)" };
        var follow = new Option<bool>("--follow", "-f") { Description = "then print each live tick as it is recorded (one line each; JSON Lines with --json) until interrupted" };
        var json = ClusterConnection.JsonOption();
        var ticks = new Command("ticks", "Clock ticks: one per block, with status and verified receipts") { from, to, follow, json };
        ticks.Options.Add(ClusterConnection.GatewayOption);
        ticks.Options.Add(ClusterConnection.ChainIdOption);
        ticks.SetAction(async (parse, ct) =>
        {
            var (lo, hi) = (parse.GetValue(from), parse.GetValue(to));
            if (lo is { } l && hi is { } h && l > h)
            {
                // Checked before connecting: an inverted range is the user's slip, not an empty answer.
                throw new CliException($"--from {l} is above --to {h}: give the lower block first");
            }
            await using var conn = await ClusterConnection.ConnectAsync(parse.GetValue(ClusterConnection.GatewayOption)!, ct);
            if (parse.GetValue(follow))
            {
                await FollowAsync(conn, parse, () => conn.CallAsync("ticks", _ => ChainCommands.Grain(conn, parse).GetTicksAsync(lo, hi), idempotent: true),
                    parse.GetValue(json), ct);
                return 0;
            }
            IReadOnlyList<TickRecord> records;
            try
            {
                records = await conn.CallAsync("ticks", _ => ChainCommands.Grain(conn, parse).GetTicksAsync(lo, hi), idempotent: true);
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message);
            }
            var views = records.Select(TickView.From).ToList();
            Output.Write(views, parse.GetValue(json), vs =>
            {
                foreach (var v in vs)
                {
                    Console.WriteLine($"{v.Number,10} {v.Hash} {v.Status,-9} logs {v.Logs,4} receipts {(v.ReceiptsVerified ? "verified" : "unverified")} zkGraphs {v.ZkGraphRuns}");
                }
            });
            return 0;
        });
        return ticks;
    }

    // Subscribed before the stored ticks are read, so none recorded in between is missed; a record already printed
    // (same block hash and status) is printed once.
    private static async Task FollowAsync(ClusterConnection conn, ParseResult parse, Func<Task<IReadOnlyList<TickRecord>>> stored, bool json, CancellationToken ct)
    {
        var printed = new HashSet<(string Hash, TickState Status)>();
        var gate = new SemaphoreSlim(1, 1);
        async Task PrintAsync(IEnumerable<TickRecord> records)
        {
            await gate.WaitAsync(CancellationToken.None);
            try
            {
                foreach (var v in records.Where(r => printed.Add((r.Hash, r.Status))).Select(TickView.From))
                {
                    Console.Out.WriteLine(json
                        ? System.Text.Json.JsonSerializer.Serialize(v, Output.Json)
                        : $"{v.Number,10} {v.Hash} {v.Status,-9} logs {v.Logs,4} receipts {(v.ReceiptsVerified ? "verified" : "unverified")} zkGraphs {v.ZkGraphRuns}");
                }
                await Console.Out.FlushAsync(CancellationToken.None);
            }
            finally
            {
                gate.Release();
            }
        }
        var chain = ChainCommands.Grain(conn, parse).GetPrimaryKeyString();
        var stream = conn.Client.GetStreamProvider(Wsc.Grains.Interfaces.LiveFeeds.Provider)
            .GetStream<TickRecord>(StreamId.Create(Wsc.Grains.Interfaces.LiveFeeds.TicksNamespace, chain));
        // History recorded in bulk while the follower catches up comes as arrays on its own namespace.
        var history = conn.Client.GetStreamProvider(Wsc.Grains.Interfaces.LiveFeeds.Provider)
            .GetStream<TickRecord[]>(StreamId.Create(Wsc.Grains.Interfaces.LiveFeeds.TickHistoryNamespace, chain));
        // Not through CallAsync: a follow runs until interrupted, past any call timeout.
        try
        {
            var historyHandle = await history.SubscribeAsync((rs, _) => PrintAsync(rs));
            var handle = await stream.SubscribeAsync((r, _) => PrintAsync([r]));
            try
            {
                await PrintAsync(await stored());
                await CommandSupport.FollowUntilInterruptedAsync(token => Task.Delay(Timeout.Infinite, token),
                    () => conn.CallAsync("ticks --follow", _ => ChainCommands.Grain(conn, parse).GetStatusAsync()), ct);
            }
            finally
            {
                // A cluster that is gone never answers: do not wait on it to leave.
                try
                {
                    await handle.UnsubscribeAsync().WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
                    await historyHandle.UnsubscribeAsync().WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
                }
                catch (Exception e) when (e is TimeoutException or Orleans.Runtime.OrleansException or Orleans.Runtime.SiloUnavailableException)
                {
                }
            }
        }
        catch (Exception e) when (e is not (CliException or ArgumentException or OperationCanceledException))
        {
            throw new CliException($"ticks --follow failed: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }
}

using System.CommandLine;
using Wsc.Client.Cli;
using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Client.Commands;

/// <summary>`wsc ticks [--from N] [--to M]`: tick records, orphans included (at most 1000 heights).</summary>
public sealed class TicksCommand : ICommandGroup
{
    public Command Build()
    {
        var from = new Option<ulong?>("--from") { Description = "first block (default: 19 below --to)" };
        var to = new Option<ulong?>("--to") { Description = "last block (default: the head)" };
        var json = ClusterConnection.JsonOption();
        var ticks = new Command("ticks", "Clock ticks: one per block, with status and verified receipts") { from, to, json };
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
}

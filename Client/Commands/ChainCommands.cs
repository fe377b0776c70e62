using System.CommandLine;
using Wsc.Client.Cli;
using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Client.Commands;

/// <summary>`wsc chain status`, `wsc chain pause`/`resume` and the admin override `wsc chain reset`.</summary>
public sealed class ChainCommands : ICommandGroup
{
    public Command Build()
    {
        var chain = new Command("chain", "The followed Ethereum chain");
        chain.Options.Add(ClusterConnection.GatewayOption);
        chain.Options.Add(ClusterConnection.ChainIdOption);

        var json = ClusterConnection.JsonOption();
        var status = new Command("status", "Head, safe and finalized blocks, and how far ticks lag the node") { json };
        status.SetAction(async (parse, ct) =>
        {
            await using var conn = await ClusterConnection.ConnectAsync(parse.GetValue(ClusterConnection.GatewayOption)!, ct);
            var s = await Grain(conn, parse).GetStatusAsync();
            Output.Write(new
            {
                chain = s.Chain,
                chainId = s.ChainId,
                head = s.Head is null ? null : new { number = s.Head.Number, hash = s.Head.Hash },
                safe = s.Safe,
                finalized = s.Finalized,
                ticksBehind = s.TicksBehind,
                rpc = s.Rpc,
                halted = s.Halted,
                lastError = s.LastError,
                reorgs = s.Reorgs,
            }, parse.GetValue(json), _ =>
            {
                Console.WriteLine($"chain      {s.Chain} (id {s.ChainId}) via {s.Rpc}");
                Console.WriteLine($"head       {(s.Head is null ? "-" : $"{s.Head.Number} {s.Head.Hash}")}");
                Console.WriteLine($"safe       {s.Safe?.ToString() ?? "-"}   finalized {s.Finalized?.ToString() ?? "-"}");
                Console.WriteLine($"behind     {s.TicksBehind} blocks   reorgs {s.Reorgs}");
                if (s.Halted is not null)
                {
                    Console.WriteLine($"HALTED     {s.Halted}");
                }
                if (s.LastError is not null)
                {
                    Console.WriteLine($"last error {s.LastError}");
                }
            });
            return 0;
        });
        chain.Subcommands.Add(status);

        var resume = new Command("resume", "Resume a follower halted by a reorg deeper than the configured depth, or paused");
        resume.SetAction(async (parse, ct) =>
        {
            await using var conn = await ClusterConnection.ConnectAsync(parse.GetValue(ClusterConnection.GatewayOption)!, ct);
            await Grain(conn, parse).ResumeAsync();
            return 0;
        });
        chain.Subcommands.Add(resume);

        var reason = new Option<string>("--reason") { Description = "why (shown by `wsc chain status` until resumed)", Required = true };
        var pause = new Command("pause", "Stop ticking until `wsc chain resume` (the follower then catches up from its cursor)") { reason };
        pause.SetAction(async (parse, ct) =>
        {
            var why = parse.GetValue(reason)!;
            if (string.IsNullOrWhiteSpace(why))
            {
                throw new CliException("--reason is empty: say why the follower is paused");
            }
            await using var conn = await ClusterConnection.ConnectAsync(parse.GetValue(ClusterConnection.GatewayOption)!, ct);
            await Grain(conn, parse).PauseAsync(why);
            return 0;
        });
        chain.Subcommands.Add(pause);
        chain.Subcommands.Add(Reset());
        return chain;
    }

    private static Command Reset()
    {
        var from = new Option<ulong>("--from") { Description = "first block to tick again (its parent must be the tick the node agrees with)", Required = true };
        var understand = new Option<bool>("--i-understand")
        {
            Description = "confirm: ticks from --from up are orphaned and the node's chain is ticked again (see docs/consensus.md)",
        };
        var json = ClusterConnection.JsonOption();
        var reset = new Command("reset", "Admin override: restart a HALTED follower at block --from with a fresh cursor") { from, understand, json };
        reset.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(from);
            if (!parse.GetValue(understand))
            {
                throw new CliException($"reset orphans every tick from block {n} up and re-ticks the node's chain from there: read docs/consensus.md (halted follower), then add --i-understand");
            }
            await using var conn = await ClusterConnection.ConnectAsync(parse.GetValue(ClusterConnection.GatewayOption)!, ct);
            ChainResetResult r;
            try
            {
                r = await Grain(conn, parse).AsReference<IChainAdmin>().ResetFromAsync(n);
            }
            catch (InvalidOperationException e)
            {
                throw new CliException($"reset refused: {e.Message}");
            }
            Output.Write(new
            {
                chain = r.Chain,
                from = r.From,
                parentHash = r.ParentHash,
                previousCursor = r.PreviousCursor,
                orphaned = r.Orphaned,
                clearedHalt = r.ClearedHalt,
            }, parse.GetValue(json), _ =>
            {
                Console.WriteLine($"{r.Chain}: re-ticking from block {r.From}{(r.ParentHash is null ? "" : $" on parent {r.ParentHash}")}");
                Console.WriteLine($"orphaned   {r.Orphaned} ticks (cursor was {r.PreviousCursor?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"})");
                Console.WriteLine($"was halted {r.ClearedHalt}");
            });
            return 0;
        });
        return reset;
    }

    internal static IChainGrain Grain(ClusterConnection conn, ParseResult parse) =>
        conn.Client.GetGrain<IChainGrain>("eth-" + parse.GetValue(ClusterConnection.ChainIdOption));
}

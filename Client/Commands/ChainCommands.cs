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
            var s = await conn.CallAsync("chain status", _ => Grain(conn, parse).GetStatusAsync(), idempotent: true);
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

        var resumeJson = ClusterConnection.JsonOption();
        var resume = new Command("resume", "Resume a follower halted by a reorg deeper than the configured depth, or paused") { resumeJson };
        resume.SetAction(async (parse, ct) =>
        {
            await using var conn = await ClusterConnection.ConnectAsync(parse.GetValue(ClusterConnection.GatewayOption)!, ct);
            // Idempotent: resuming a running follower changes nothing, so a failover retry is safe.
            var r = await conn.CallAsync("chain resume", _ => Grain(conn, parse).ResumeAsync(), idempotent: true);
            Output.Write(new { chain = r.Chain, resumed = r.Changed, previous = r.Previous, cursor = r.Cursor }, parse.GetValue(resumeJson), _ =>
                Console.WriteLine(r.Changed
                    ? $"{r.Chain}: resumed after block {Block(r.Cursor)} (was: {r.Previous}); catching up from there"
                    : $"{r.Chain}: not paused or halted, nothing to resume (ticked up to block {Block(r.Cursor)})"));
            return 0;
        });
        chain.Subcommands.Add(resume);

        var reason = new Option<string>("--reason") { Description = "why (shown by `wsc chain status` until resumed)", Required = true };
        var pauseJson = ClusterConnection.JsonOption();
        var pause = new Command("pause", "Stop ticking until `wsc chain resume` (the follower then catches up from its cursor)") { reason, pauseJson };
        pause.SetAction(async (parse, ct) =>
        {
            var why = parse.GetValue(reason)!;
            if (string.IsNullOrWhiteSpace(why))
            {
                throw new CliException("--reason is empty: say why the follower is paused");
            }
            await using var conn = await ClusterConnection.ConnectAsync(parse.GetValue(ClusterConnection.GatewayOption)!, ct);
            // Idempotent: a second pause keeps the first reason and changes nothing.
            var r = await conn.CallAsync("chain pause", _ => Grain(conn, parse).PauseAsync(why), idempotent: true);
            Output.Write(new { chain = r.Chain, paused = true, alreadyPaused = !r.Changed, reason = r.Halted, cursor = r.Cursor }, parse.GetValue(pauseJson), _ =>
                Console.WriteLine(r.Changed
                    ? $"{r.Chain}: paused after block {Block(r.Cursor)}; `wsc chain resume` catches up"
                    : $"{r.Chain}: already paused after block {Block(r.Cursor)}: {r.Halted}"));
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
                r = await conn.CallAsync("chain reset", _ => Grain(conn, parse).AsReference<IChainAdmin>().ResetFromAsync(n));
            }
            catch (CliException e) when (e.InnerException is InvalidOperationException refusal)
            {
                throw new CliException($"reset refused: {refusal.Message}");
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

    private static string Block(ulong? n) => n?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)";

    internal static IChainGrain Grain(ClusterConnection conn, ParseResult parse) =>
        conn.Client.GetGrain<IChainGrain>("eth-" + parse.GetValue(ClusterConnection.ChainIdOption));
}

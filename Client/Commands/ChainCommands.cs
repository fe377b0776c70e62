using System.CommandLine;
using Wsc.Client.Cli;
using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Client.Commands;

/// <summary>`wsc chain status` and `wsc chain resume`.</summary>
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

        var resume = new Command("resume", "Resume a follower halted by a reorg deeper than the configured depth");
        resume.SetAction(async (parse, ct) =>
        {
            await using var conn = await ClusterConnection.ConnectAsync(parse.GetValue(ClusterConnection.GatewayOption)!, ct);
            await Grain(conn, parse).ResumeAsync();
            return 0;
        });
        chain.Subcommands.Add(resume);
        return chain;
    }

    internal static IChainGrain Grain(ClusterConnection conn, ParseResult parse) =>
        conn.Client.GetGrain<IChainGrain>("eth-" + parse.GetValue(ClusterConnection.ChainIdOption));
}

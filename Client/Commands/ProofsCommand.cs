using System.CommandLine;
using Wsc.Client.Cli;
using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Client.Commands;

/// <summary>`wsc proofs [--graph ID] [--limit N]`: proof jobs, newest first, with state, segments done/total, silo per segment and times.</summary>
public sealed class ProofsCommand : ICommandGroup
{
    public Command Build()
    {
        var graph = new Option<string?>("--graph") { Description = "only the jobs of this graph id (0x…)" };
        var limit = new Option<int>("--limit") { Description = "at most this many jobs (1..1000)", DefaultValueFactory = _ => 50 };
        var json = ClusterConnection.JsonOption();
        var proofs = new Command("proofs", "Proof jobs: state, segments done/total, the silo of each segment, times") { graph, limit, json };
        proofs.Options.Add(ClusterConnection.GatewayOption);
        proofs.Options.Add(ClusterConnection.TimeoutOption);
        proofs.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(limit);
            if (n is < 1 or > 1000)
            {
                throw new CliException($"--limit {n}: expected 1..1000");
            }
            await using var conn = await ClusterConnection.ConnectAsync(parse.GetValue(ClusterConnection.GatewayOption)!, ct,
                TimeSpan.FromSeconds(parse.GetValue(ClusterConnection.TimeoutOption)));
            var jobs = await conn.CallAsync("proofs", c => c.GetGrain<IProofCatalogGrain>(0).ListAsync(parse.GetValue(graph)?.ToLowerInvariant(), n), idempotent: true);
            Output.Write(jobs.Select(ProofJobListing.From).ToList(), parse.GetValue(json), views =>
            {
                foreach (var v in views)
                {
                    var took = v.FinishedUtc is { } f && v.StartedUtc is { } s ? $" {(f - s).TotalSeconds:0.0} s" : "";
                    Console.WriteLine($"{v.Id} {v.State} {v.SegmentsDone}/{v.SegmentsTotal} segments{took}{(v.Rejections > 0 ? $", {v.Rejections} rejected" : "")}");
                    foreach (var g in v.Segments)
                    {
                        Console.WriteLine($"  {g.Index,4} {g.State,-9} {g.Silo ?? "-"} {g.Prover ?? "-"} attempts {g.Attempts}{(g.ProveMs is { } ms ? $" {ms:0} ms" : "")}{(g.Error is null ? "" : "  " + g.Error)}");
                    }
                }
            });
            return 0;
        });
        return proofs;
    }
}

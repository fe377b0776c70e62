using Microsoft.Extensions.Options;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.ZkGraphs;

namespace Wsc.Silo.Api;

/// <summary>`GET /api/zkgraphs`, `/api/zkgraphs/{id}` and `/api/zkgraphs/{id}/outputs?from=&amp;to=`: what `wsc zkgraph list|show|outputs` print.</summary>
public static class ZkGraphEndpoints
{
    public static IEndpointRouteBuilder MapZkGraphApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/zkgraphs", async (IGrainFactory grains, IOptions<EthereumOptions> o) =>
            Results.Json((await grains.GetGrain<IZkGraphRegistryGrain>(o.Value.ChainKey).ListAsync()).Select(ZkGraphView.From), ApiJson.Options));
        app.MapGet("/api/zkgraphs/{id}", async (IGrainFactory grains, IOptions<EthereumOptions> o, string id) =>
            await grains.GetGrain<IZkGraphRegistryGrain>(o.Value.ChainKey).GetAsync(id) is { } g
                ? Results.Json(ZkGraphView.From(g) with
                {
                    Proving = ZkGraphProvingView.From(await grains.GetGrain<Wsc.Grains.Interfaces.Proving.IProofCatalogGrain>(0).ListAsync(g.Id, 100)),
                }, ApiJson.Options)
                : Results.NotFound(new { error = $"graph '{id}' is not deployed on {o.Value.ChainKey}" }));
        app.MapGet("/api/zkgraphs/{id}/outputs", async (IGrainFactory grains, IOptions<EthereumOptions> o, string id, ulong? from, ulong? to) =>
        {
            var chain = o.Value.ChainKey;
            if (await grains.GetGrain<IZkGraphRegistryGrain>(chain).GetAsync(id) is null)
            {
                return Results.NotFound(new { error = $"graph '{id}' is not deployed on {chain}" });
            }
            try
            {
                var outputs = await grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph(chain, id.ToLowerInvariant())).OutputsAsync(from, to);
                return Results.Json(outputs.Select(ZkGraphOutputView.From), ApiJson.Options);
            }
            catch (ArgumentException e)
            {
                return Results.BadRequest(new { error = e.Message });
            }
        });
        return app;
    }
}

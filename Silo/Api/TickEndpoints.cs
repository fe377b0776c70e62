using Microsoft.Extensions.Options;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Silo.Api;

/// <summary>`GET /api/ticks?from=&amp;to=` and `GET /api/chain`: the same data as `wsc ticks` and `wsc chain status`.</summary>
public static class TickEndpoints
{
    public static IEndpointRouteBuilder MapTickApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/chain", async (IGrainFactory grains, IOptions<EthereumOptions> o) =>
            Results.Json(await grains.GetGrain<IChainGrain>(o.Value.ChainKey).GetStatusAsync(), ApiJson.Options));
        app.MapGet("/api/ticks", async (IGrainFactory grains, IOptions<EthereumOptions> o, ulong? from, ulong? to) =>
        {
            try
            {
                var ticks = await grains.GetGrain<IChainGrain>(o.Value.ChainKey).GetTicksAsync(from, to);
                return Results.Json(ticks.Select(TickView.From), ApiJson.Options);
            }
            catch (ArgumentException e)
            {
                return Results.BadRequest(new { error = e.Message });
            }
        });
        return app;
    }
}

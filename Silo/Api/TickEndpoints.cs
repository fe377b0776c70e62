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
        app.MapGet("/api/ticks", async (IGrainFactory grains, IOptions<EthereumOptions> o, string? from, string? to) =>
        {
            // Parsed here rather than bound as numbers, so that a bad value is named in the answer.
            if (!TryBlock(from, out var lo) || !TryBlock(to, out var hi))
            {
                var (key, value) = TryBlock(from, out _) ? ("to", to) : ("from", from);
                return Results.BadRequest(new { error = $"{key} '{value}': expected a block number (a whole number, 0 or more)" });
            }
            if (lo is { } l && hi is { } h && l > h)
            {
                return Results.BadRequest(new { error = $"from {l} is above to {h}: give the lower block first" });
            }
            var ticks = await grains.GetGrain<IChainGrain>(o.Value.ChainKey).GetTicksAsync(lo, hi);
            return Results.Json(ticks.Select(TickView.From), ApiJson.Options);
        });
        return app;
    }

    private static bool TryBlock(string? text, out ulong? block)
    {
        block = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            block = n;
            return true;
        }
        return false;
    }
}

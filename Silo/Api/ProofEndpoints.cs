using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Silo.Api;

/// <summary>`GET /api/proofs?graph=&amp;limit=`: what `wsc proofs` prints (newest jobs first).</summary>
public static class ProofEndpoints
{
    public static IEndpointRouteBuilder MapProofApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/proofs", async (IGrainFactory grains, string? graph, int? limit) =>
        {
            var n = limit ?? 100;
            if (n is < 1 or > 1000)
            {
                return Results.BadRequest(new { error = $"limit {n}: expected 1..1000" });
            }
            var jobs = await grains.GetGrain<IProofCatalogGrain>(0).ListAsync(graph?.ToLowerInvariant(), n);
            return Results.Json(jobs.Select(ProofJobListing.From), ApiJson.Options);
        });
        return app;
    }
}

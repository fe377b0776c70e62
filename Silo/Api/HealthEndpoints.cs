using Wsc.Silo.Hosting;

namespace Wsc.Silo.Api;

/// <summary>`/health/live` (the process answers) and `/health/ready` (Orleans up, the follower started, ticking and not halted).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/health/ready", async (ChainReadiness r) => await r.NotReadyReasonAsync() is string reason
            ? Results.Json(new { status = "not ready", reason }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Ok(new { status = "ready" }));
        return app;
    }
}

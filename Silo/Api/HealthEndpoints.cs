using Wsc.Silo.Hosting;

namespace Wsc.Silo.Api;

/// <summary>`/health/live` (the process answers) and `/health/ready` (Orleans up, follower started).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/health/ready", (ReadinessState r) => r.NotReadyReason is null
            ? Results.Ok(new { status = "ready" })
            : Results.Json(new { status = "not ready", reason = r.NotReadyReason }, statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}

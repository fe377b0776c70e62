using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;
using Wsc.Silo.Hosting;

namespace Wsc.Silo.Api;

/// <summary>
/// Every HTTP error has a body saying what was wrong: `{"error": "..."}`. A request that does not bind (a number that
/// is not one) is 400; the cluster failing over (the grain's silo gone, a connection lost) is 503, worth retrying;
/// anything else is 500. One line, no stack trace.
/// </summary>
public static class ApiErrors
{
    public static WebApplication UseApiErrors(this WebApplication app)
    {
        app.UseExceptionHandler(error => error.Run(async context =>
        {
            var e = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (status, message) = e switch
            {
                BadHttpRequestException bad => (bad.StatusCode, bad.Message),
                ArgumentException arg => (StatusCodes.Status400BadRequest, arg.Message),
                _ when e is not null && IsFailover(e) => (StatusCodes.Status503ServiceUnavailable,
                    $"the cluster is failing over, retry in a few seconds ({SiloHost.OneLine(e)})"),
                TimeoutException => (StatusCodes.Status503ServiceUnavailable, $"the cluster did not answer in time ({e.Message}); retry"),
                null => (StatusCodes.Status500InternalServerError, "internal error"),
                _ => (StatusCodes.Status500InternalServerError, SiloHost.OneLine(e)),
            };
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new { error = message.ReplaceLineEndings(" ") });
        }));
        return app;
    }

    /// <summary>Failures that mean the grain's silo or the connection to it is gone: another silo takes over.</summary>
    public static bool IsFailover(Exception e) => e is SiloUnavailableException or OrleansMessageRejectionException
        or Orleans.Runtime.Messaging.ConnectionFailedException
        || (e.InnerException is not null && IsFailover(e.InnerException));
}

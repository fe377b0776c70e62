namespace Wsc.Silo.Api;

/// <summary>
/// `GET /status`: a page of our own (chain head, recent ticks, zkGraphs and their latest outputs, storage audits)
/// made of plain HTML and a small script that reads the JSON API, so it shows exactly what the API serves. The files
/// are embedded in the silo: nothing to deploy beside it.
/// </summary>
public static class StatusPageEndpoints
{
    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        var html = Load("index.html");
        var script = Load("status.js");
        // Routing ignores a trailing slash: this serves /status and /status/ alike (the page's links are absolute).
        app.MapGet("/status", () => Results.Bytes(html, "text/html; charset=utf-8"));
        app.MapGet("/status/status.js", () => Results.Bytes(script, "text/javascript; charset=utf-8"));
        return app;
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(StatusPageEndpoints).Assembly.GetManifestResourceStream("Wsc.Silo.StatusPage." + name)
            ?? throw new InvalidOperationException($"the silo was built without its status page file {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

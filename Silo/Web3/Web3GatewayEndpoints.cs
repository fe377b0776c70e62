using System.Text.Json.Nodes;
using Wsc.Chain;
using Wsc.Chain.Abi;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Web3;

namespace Wsc.Silo.Web3;

/// <summary>
/// The web3:// gateway: `GET /web3/{address}:{chainId}/{path}` in manual mode from storage directories (streamed, with
/// byte ranges: <see cref="StoredFileResult"/>), auto mode by eth_call.
/// </summary>
public static class Web3GatewayEndpoints
{
    /// <summary>
    /// The Content-Security-Policy of every gateway response. All owners' sites share the silo's origin, so served
    /// content runs sandboxed (an opaque origin: no cookies or storage of the silo's origin, no scripts, no forms, no
    /// popups, no plugins) and may load only images, media, styles and fonts from the gateway itself; it cannot be
    /// framed. Static sites work; sites that need scripts need their own origin, which this gateway does not give.
    /// </summary>
    public const string ContentSecurityPolicy =
        "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Registers the gateway's services (call beside AddWscStorage).</summary>
    public static IServiceCollection AddWeb3Gateway(this IServiceCollection services)
    {
        services.AddHttpClient("web3", c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton(sp => new EthCall(
            sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IConfiguration>(), sp.GetService<EthereumEndpoint>()));
        services.AddSingleton<GatewayEnvironment>();
        return services;
    }

    /// <summary>Maps `GET /web3/{**url}`.</summary>
    public static IEndpointRouteBuilder MapWeb3Gateway(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/web3/{**rest}", ServeAsync);
        return endpoints;
    }

    private static async Task<IResult> ServeAsync(HttpContext http, string? rest, GatewayEnvironment environment, EthCall eth, IGrainFactory grains, ILoggerFactory logs)
    {
        var ct = http.RequestAborted;
        // Owners' bytes are served as the type their extension names, never sniffed into HTML or script.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        // The raw path keeps percent-encoding, as ERC-6860 manual mode passes it to the contract unchanged.
        var raw = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target
            && target.StartsWith("/web3/", StringComparison.Ordinal)
            ? target
            : (http.Request.Path.Value ?? "/web3/") + http.Request.QueryString.Value;
        var url = "web3://" + raw["/web3/".Length..];
        Web3Url parsed;
        try
        {
            parsed = await new Web3UrlParser(environment).ParseAsync(url, ct);
        }
        catch (Web3UrlException e)
        {
            return Results.Text(e.Message + "\n", "text/plain", statusCode: e.HttpCode);
        }
        try
        {
            if (parsed.ResolveMode == Web3ResolveMode.Manual && await environment.HasDirectoryAsync(parsed.ContractAddress, parsed.ChainId))
            {
                return await FromDirectoryAsync(parsed, grains, logs.CreateLogger("Wsc.Silo.Web3.Gateway"));
            }
            var calldata = parsed.CallMode == Web3CallMode.Calldata ? parsed.Calldata : MethodCalldata(parsed);
            var answer = await eth.CallAsync(parsed.ContractAddress, calldata, ct);
            return Process(parsed, answer);
        }
        catch (Web3UrlException e)
        {
            return Results.Text(e.Message + "\n", "text/plain", statusCode: e.HttpCode);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return Results.Text($"cannot process {url}: {e.Message}\n", "text/plain", statusCode: 400);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
        {
            return Results.Text($"{e.Message.ReplaceLineEndings(" ")}\n", "text/plain", statusCode: 502);
        }
    }

    // Manual mode from a storage directory: the entry is resolved once, then its blobs are streamed by root.
    private static async Task<IResult> FromDirectoryAsync(Web3Url url, IGrainFactory grains, ILogger logger)
    {
        var directory = grains.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(url.ContractAddress, url.ChainId));
        var entry = await directory.GetAsync(url.Path);
        var mime = url.MimeType;
        if (entry is null && url.Path.EndsWith('/'))
        {
            entry = await directory.GetAsync(url.Path + "index.html");
            mime = "text/html";
        }
        if (entry is null)
        {
            return Results.Text($"{url.Url}: no such file\n", "text/plain", statusCode: 404);
        }
        return new StoredFileResult(entry, mime ?? "application/octet-stream", grains, logger);
    }

    private static byte[] MethodCalldata(Web3Url url)
    {
        var types = url.MethodArgs.Select(a => AbiType.Parse(a.Type.Canonical)).ToList();
        var values = url.MethodArgs.Select(a => a.Type.Name == "address" ? Address.Parse(((string)a.Value).ToLowerInvariant()) : a.Value).ToList();
        var signature = $"{url.MethodName}({string.Join(",", types.Select(t => t.Name))})";
        return [.. AbiCodec.Selector(signature), .. AbiCodec.Encode(types, values)];
    }

    private static IResult Process(Web3Url url, byte[] answer)
    {
        switch (url.ReturnProcessing)
        {
            case Web3ReturnProcessing.JsonEncodeRawBytes:
                return Results.Text(new JsonArray(JsonValue.Create(Hex.Encode(answer))).ToJsonString(), "application/json");
            case Web3ReturnProcessing.JsonEncodeValues:
            {
                List<AbiType> types;
                try
                {
                    types = url.ReturnTypes.Select(t => AbiType.Parse(t.Canonical)).ToList();
                }
                catch (FormatException e)
                {
                    throw new Web3UrlException($"return types {string.Join(",", url.ReturnTypes)} are not supported by this gateway: {e.Message}");
                }
                var values = AbiCodec.Decode(types, answer);
                return Results.Text(new JsonArray(values.Select(AbiJson.Value).ToArray()).ToJsonString(), "application/json");
            }
            default:
            {
                var bytes = answer.Length == 0 ? [] : (byte[])AbiCodec.Decode(["bytes"], answer)[0];
                return url.MimeType is { Length: > 0 } mime ? Results.Bytes(bytes, mime) : Results.Bytes(bytes);
            }
        }
    }
}

namespace Wsc.Client.Loadtest;

/// <summary>
/// `gateway-get`: reads files over HTTP from the silo's web3:// gateway (`GET /web3/OWNER:CHAIN/PATH`) and checks
/// their bytes; the files are written through the Orleans client first.
/// </summary>
public sealed class GatewayGetScenario(IClusterClient client, HttpClient http, ulong chainId, int size) : ILoadScenario
{
    private StoredFiles _files = null!;

    public string Name => "gateway-get";

    public async Task PrepareAsync(long requests, CancellationToken cancellationToken)
    {
        _files = await StoredFiles.WriteAsync(client, chainId, size, cancellationToken);
        await RunAsync(0, cancellationToken);
    }

    public async Task RunAsync(long index, CancellationToken cancellationToken)
    {
        var url = _files.Urls[(int)(index % _files.Urls.Count)];
        using var response = await http.GetAsync($"web3/{url.Owner}:{url.ChainId}{url.Path}", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {http.BaseAddress}web3/{url.Owner}:{url.ChainId}{url.Path}: HTTP {(int)response.StatusCode}");
        }
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!body.AsSpan().SequenceEqual(_files.Content))
        {
            throw new InvalidOperationException($"{url}: the gateway returned {body.Length} bytes other than the {_files.Content.Length} written");
        }
    }
}

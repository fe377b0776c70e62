using Wsc.Client.Storage;

namespace Wsc.Client.Loadtest;

/// <summary>`storage-get`: reads files back through the Orleans client and checks their bytes.</summary>
public sealed class StorageGetScenario(IClusterClient client, ulong chainId, int size) : ILoadScenario
{
    private StoredFiles _files = null!;

    public string Name => "storage-get";

    public async Task PrepareAsync(long requests, CancellationToken cancellationToken) =>
        _files = await StoredFiles.WriteAsync(client, chainId, size, cancellationToken);

    public async Task RunAsync(long index, CancellationToken cancellationToken)
    {
        var url = _files.Urls[(int)(index % _files.Urls.Count)];
        var file = await StorageClient.ReadAsync(client, url) ?? throw new InvalidOperationException($"{url}: no such file");
        if (!file.Bytes.AsSpan().SequenceEqual(_files.Content))
        {
            throw new InvalidOperationException($"{url}: the cluster returned other bytes than were written");
        }
    }
}

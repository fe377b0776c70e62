using System.Security.Cryptography;
using Wsc.Chain.Crypto;
using Wsc.Client.Storage;
using Wsc.Storage.Web3;

namespace Wsc.Client.Loadtest;

/// <summary>
/// `storage-put`: signed writes of <paramref name="size"/>-byte files. Each request writes as a fresh owner (keys made
/// before the clock starts), because one owner's writes are ordered by its directory nonce and concurrent writes by
/// one owner would refuse each other; many owners writing at once is also what a busy network sees.
/// </summary>
public sealed class StoragePutScenario(IClusterClient client, ulong chainId, int size) : ILoadScenario
{
    private readonly string _run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private PrivateKey[] _owners = [];
    private byte[] _payload = [];

    public string Name => "storage-put";

    public Task PrepareAsync(long requests, CancellationToken cancellationToken)
    {
        _payload = RandomNumberGenerator.GetBytes(size);
        _owners = new PrivateKey[requests];
        for (var i = 0; i < requests; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _owners[i] = PrivateKey.Generate();
        }
        return Task.CompletedTask;
    }

    public async Task RunAsync(long index, CancellationToken cancellationToken)
    {
        var owner = _owners[index];
        var url = StorageUrl.Parse($"web3://{owner.Address}:{chainId}/loadtest/{_run}/{index}");
        var result = await StorageClient.PutAsync(client, url, _payload, owner);
        if (result.Bytes != _payload.Length)
        {
            throw new InvalidOperationException($"{url}: the cluster stored {result.Bytes} bytes of {_payload.Length}");
        }
    }
}

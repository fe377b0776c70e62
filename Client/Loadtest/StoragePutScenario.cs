using System.Security.Cryptography;
using Wsc.Chain.Crypto;
using Wsc.Client.Storage;
using Wsc.Storage.Web3;

namespace Wsc.Client.Loadtest;

/// <summary>
/// `storage-put`: signed writes of <paramref name="size"/>-byte files. Each request writes as a fresh owner (keys made
/// before the clock starts), because one owner's writes are ordered by its directory nonce and concurrent writes by
/// one owner would refuse each other; many owners writing at once is also what a busy network sees. Acknowledged
/// writes are remembered, so that <see cref="VerifyWritesAsync"/> can read each back after the run.
/// </summary>
public sealed class StoragePutScenario(IClusterClient client, ulong chainId, int size) : IWriteScenario
{
    private readonly System.Collections.Concurrent.ConcurrentBag<StorageUrl> _acknowledged = [];
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
        try
        {
            var result = await StorageClient.PutAsync(client, url, _payload, owner);
            if (result.Bytes != _payload.Length)
            {
                throw new InvalidOperationException($"{url}: the cluster stored {result.Bytes} bytes of {_payload.Length}");
            }
        }
        catch (ArgumentException e) when (e.Message.Contains("stale nonce 0:", StringComparison.Ordinal))
        {
            // A retry (after a failover whose answer was lost) of a put that had applied: this owner writes this one
            // file only, so its nonce 0 was this write. It counts as done only if the file holds exactly our bytes.
            var file = await StorageClient.ReadAsync(client, url);
            if (file is null || !file.Bytes.AsSpan().SequenceEqual(_payload))
            {
                throw;
            }
        }
        _acknowledged.Add(url);
    }

    public async Task<WriteCheck> VerifyWritesAsync(CancellationToken cancellationToken)
    {
        long verified = 0, lost = 0;
        string? firstLost = null;
        // A retried write (a failover answered late) may be acknowledged twice: count each URL once.
        foreach (var url in _acknowledged.Distinct())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = await new Cli.FailoverRetry(Cli.FailoverRetry.DefaultWindow).RunAsync($"read-back of {url}", "the cluster",
                () => StorageClient.ReadAsync(client, url), cancellationToken);
            if (file is not null && file.Bytes.AsSpan().SequenceEqual(_payload))
            {
                verified++;
            }
            else
            {
                lost++;
                firstLost ??= $"{url}: {(file is null ? "no such file" : $"{file.Bytes.Length} other bytes")}";
            }
        }
        return new WriteCheck(verified, lost, firstLost);
    }
}

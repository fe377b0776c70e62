using Wsc.Chain.Crypto;
using Wsc.Client.Storage;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Blobs;
using Wsc.Storage.Directories;
using Wsc.Storage.Web3;

namespace Wsc.Integration.Tests.Storage;

/// <summary>
/// A put interrupted by a silo going away (its upload session lost, or the silo unreachable) is put again whole by the
/// client, once the session is gone, and lands as one version; a refused put is not retried.
/// </summary>
public sealed class InterruptedPutTests(StorageSiloFixture silo) : IClassFixture<StorageSiloFixture>
{
    private static readonly PrivateKey Owner = PrivateKey.Generate();

    [Fact]
    public async Task A_put_whose_upload_session_is_lost_mid_way_is_put_again_and_lands_once()
    {
        var url = StorageUrl.Parse($"web3://{Owner.Address}:31337/interrupted/{Guid.NewGuid():N}.bin");
        var bytes = new byte[(3 * BlobLayout.MaxBlobBytes) + 77];
        new Random(7).NextBytes(bytes);
        var directory = silo.Client.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(Owner.Address.ToString(), 31337));
        var nonceBefore = await directory.NextNonceAsync();
        // Fault injection: the first blob part finds its session gone, as after the upload's silo crashed.
        var calls = new LoseSessionOnce(silo.Client);
        using var stream = new MemoryStream(bytes);
        var settings = await StorageClient.SettingsAsync(calls);

        var result = await StorageClient.PutAsync(calls, url, stream, bytes.Length, Owner, settings);

        Assert.Equal(bytes.Length, result.Bytes);
        Assert.Equal(1, calls.Lost);
        Assert.Equal(4, calls.Begins); // two attempts
        var file = await StorageClient.ReadAsync(silo.Client, url);
        Assert.NotNull(file);
        Assert.Equal(bytes, file.Bytes);
        // One version: the lost attempt never committed, so the retry used the same nonce.
        Assert.Equal(nonceBefore + 1, await directory.NextNonceAsync());
    }

    [Fact]
    public async Task A_refused_put_is_not_put_again()
    {
        var url = StorageUrl.Parse($"web3://{Owner.Address}:31337/refused/{Guid.NewGuid():N}.bin");
        var calls = new LoseSessionOnce(silo.Client);
        using var stream = new MemoryStream(new byte[10]);
        var settings = await StorageClient.SettingsAsync(calls) with { MaxFileBytes = 5 };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => StorageClient.PutAsync(calls, url, stream, 10, Owner, settings));

        Assert.Contains("exceed the largest file", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, calls.Begins);
        Assert.False(StorageClient.UploadInterrupted(refused));
    }

    /// <summary>Passes calls through, except the first blob part, which finds its session lost; counts the begin-phase calls.</summary>
    private sealed class LoseSessionOnce(IClusterClient client) : IClusterCalls
    {
        public int Lost { get; private set; }

        /// <summary>Calls named `storage put of URL` alone: each attempt makes two (the nonce, then the begin).</summary>
        public int Begins { get; private set; }

        public Task<T> CallAsync<T>(string what, Func<IClusterClient, Task<T>> call)
        {
            if (what.Contains(": blobs", StringComparison.Ordinal) && Lost == 0)
            {
                Lost++;
                return Task.FromException<T>(new UploadLostException("upload is unknown or expired (injected)"));
            }
            if (what.StartsWith("storage put of ", StringComparison.Ordinal) && !what.Contains(": ", StringComparison.Ordinal))
            {
                Begins++;
            }
            return call(client);
        }
    }
}

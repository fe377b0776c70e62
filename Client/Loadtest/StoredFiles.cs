using System.Security.Cryptography;
using Wsc.Chain.Crypto;
using Wsc.Client.Storage;
using Wsc.Storage.Web3;

namespace Wsc.Client.Loadtest;

/// <summary>
/// The files read scenarios read back: <see cref="Count"/> files of a given size under one fresh owner, written
/// through the Orleans client before the clock starts.
/// </summary>
public sealed class StoredFiles
{
    /// <summary>How many distinct files a read scenario cycles through.</summary>
    public const int Count = 16;

    private StoredFiles(IReadOnlyList<StorageUrl> urls, byte[] content)
    {
        Urls = urls;
        Content = content;
    }

    public IReadOnlyList<StorageUrl> Urls { get; }

    /// <summary>Every file holds these bytes.</summary>
    public byte[] Content { get; }

    /// <summary>Writes the files one after another (one owner's writes are ordered by its directory nonce).</summary>
    public static async Task<StoredFiles> WriteAsync(IClusterClient client, ulong chainId, int size, CancellationToken cancellationToken)
    {
        var owner = PrivateKey.Generate();
        var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var content = RandomNumberGenerator.GetBytes(size);
        var urls = new List<StorageUrl>();
        for (var i = 0; i < Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var url = StorageUrl.Parse($"web3://{owner.Address}:{chainId}/loadtest/{run}/{i}");
            await StorageClient.PutAsync(client, url, content, owner);
            urls.Add(url);
        }
        return new StoredFiles(urls, content);
    }
}

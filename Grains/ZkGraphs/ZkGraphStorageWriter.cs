using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Blobs;
using Wsc.Storage.Directories;
using Wsc.Storage.Web3;

namespace Wsc.Grains.ZkGraphs;

/// <summary>
/// Writes a graph output to its `storage` destination: an ordinary directory put signed by the cluster's writer key (the
/// grantee) and carrying the owner's prefix grant, so the directory accepts it and every reader can check both signatures.
/// </summary>
public sealed class ZkGraphStorageWriter(IGrainFactory grains, PrivateKey writer)
{
    /// <summary>
    /// Puts <paramref name="bytes"/> at <paramref name="url"/> unless the file there already holds exactly them (a delivery
    /// retried after a crash); returns the destination result. A refusal (nonce raced, outside the grant) throws.
    /// </summary>
    public async Task<string> WriteAsync(StorageUrl url, byte[] bytes, PrefixGrant grant, StorageGrant wire)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(grant);
        var directory = grains.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(url.Owner.ToString(), url.ChainId));
        var roots = FileBlobs.Roots(bytes).Select(r => Hex.Encode(r)).ToArray();
        if (await directory.GetAsync(url.Path) is { } existing && existing.Length == bytes.Length
            && existing.Roots.SequenceEqual(roots, StringComparer.OrdinalIgnoreCase))
        {
            return $"storage {url}: written (nonce {existing.Nonce})";
        }
        // The directory's nonce is shared with its owner's and other graphs' writes: a write that lost the race for it is
        // signed again with the next one (a refusal for any other reason, the nonce unmoved, is thrown at once).
        for (var attempt = 1; ; attempt++)
        {
            var write = StorageWrite.ForFile(url.ChainId, url.Owner, url.Path, bytes, await directory.NextNonceAsync()) with { Grant = grant };
            var signature = write.Sign(writer);
            if (write.SignatureProblem(signature) is string problem)
            {
                throw new ArgumentException(problem);
            }
            var message = new DirectoryWrite(url.Owner.ToString(), url.ChainId, false, url.Path, bytes.Length, write.RootHex(), write.Nonce,
                Hex.Encode(signature), wire);
            try
            {
                await grains.GetGrain<IStorageGatewayGrain>(0).PutAsync(message, bytes);
                return $"storage {url}: written (nonce {write.Nonce})";
            }
            catch (ArgumentException) when (attempt < 5)
            {
                if (await directory.NextNonceAsync() == write.Nonce)
                {
                    throw;
                }
            }
        }
    }
}
